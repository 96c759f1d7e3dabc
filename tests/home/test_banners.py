"""Campaign banners: drafts stay off the storefront, publishing and scheduling put them on it,
expiry and unpublishing take them off, reverting restores an earlier version."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from home.models import Banner
from home.validators import validate_link
from tests.home import builders as b
from tests.home.admin_data import PUBLISH, banner_form, later


def banner_url(action: str, *args) -> str:
    return reverse(Banner.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def picture(image_factory):
    return image_factory("campaign")


@pytest.fixture
def banner(picture):
    return b.make_banner(picture, heading="Spring is here")


@pytest.fixture
def campaign_home(home_page, picture, banner):
    """The homepage shows the banner in a hero, a banner group and a slider."""
    return b.publish_body(
        home_page,
        [
            b.hero("Our own hero", image=picture, banner=banner),
            b.banner_group(b.tile(banner=banner), b.tile(image=picture, caption="Always here")),
            b.slider(b.slide(banner=banner), b.slide("Own slide")),
        ],
    )


def storefront(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_live_banner_shows_in_hero_group_and_slider(client, campaign_home):
    html = storefront(client)

    assert '<h2 class="hero__heading">Spring is here</h2>' in html
    assert "Our own hero" not in html  # the campaign replaces the hero's own words
    assert '<span class="banner-tile__caption">Spring is here</span>' in html
    assert '<h3 class="slide__heading">Spring is here</h3>' in html


def test_a_banner_draft_shows_in_its_preview_and_not_on_the_storefront(
    admin_client, client, campaign_home, banner, picture
):
    data = banner_form(banner, image=picture, heading="Summer is coming")

    response = admin_client.post(banner_url("edit", banner.pk), data)

    assert response.status_code == 302
    banner.refresh_from_db()
    assert banner.heading == "Spring is here" and banner.has_unpublished_changes
    assert "Summer is coming" not in storefront(client)

    preview_url = banner_url("preview_on_edit", banner.pk)
    assert admin_client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    preview = admin_client.get(preview_url).content.decode()
    assert '<h2 class="hero__heading">Summer is coming</h2>' in preview

    admin_client.post(banner_url("edit", banner.pk), {**data, **PUBLISH})

    html = storefront(client)
    assert '<h2 class="hero__heading">Summer is coming</h2>' in html
    assert "Spring is here" not in html


def test_a_scheduled_banner_goes_live_with_publish_scheduled(
    admin_client, client, campaign_home, picture
):
    go_live = timezone.now() + timedelta(days=1)
    data = banner_form(
        image=picture,
        name="Black Friday",
        heading="Black Friday deals",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    admin_client.post(banner_url("add"), {**data, **PUBLISH})
    scheduled = Banner.objects.get(name="Black Friday")
    b.publish_body(campaign_home, [b.hero("Own hero", image=picture, banner=scheduled)])

    call_command("publish_scheduled")

    assert not Banner.objects.get(pk=scheduled.pk).live
    assert "Black Friday deals" not in storefront(client)
    assert '<h2 class="hero__heading">Own hero</h2>' in storefront(client)  # its fallback

    with later(go_live + timedelta(minutes=5)):
        call_command("publish_scheduled")

    assert Banner.objects.get(pk=scheduled.pk).live
    assert '<h2 class="hero__heading">Black Friday deals</h2>' in storefront(client)


def test_an_expired_banner_never_shows_even_before_the_cron_job(client, campaign_home, banner):
    Banner.objects.filter(pk=banner.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    html = storefront(client)  # publish_scheduled has not run yet: still live=True
    assert Banner.objects.get(pk=banner.pk).live
    assert "Spring is here" not in html
    assert '<h2 class="hero__heading">Our own hero</h2>' in html
    assert html.count('class="banner-tile"') == 1  # only the tile with its own picture
    assert '<h3 class="slide__heading">Own slide</h3>' in html

    call_command("publish_scheduled")

    banner.refresh_from_db()
    assert not banner.live and banner.expired
    assert "Spring is here" not in storefront(client)


def test_an_unpublished_banner_never_shows(admin_client, client, campaign_home, banner):
    response = admin_client.post(banner_url("unpublish", banner.pk))

    assert response.status_code == 302
    assert not Banner.objects.get(pk=banner.pk).live
    assert "Spring is here" not in storefront(client)


def test_reverting_a_banner_revision_restores_it(
    admin_client, client, campaign_home, banner, picture
):
    first = banner.live_revision
    admin_client.post(
        banner_url("edit", banner.pk),
        {**banner_form(banner, image=picture, heading="Second wording"), **PUBLISH},
    )
    assert "Second wording" in storefront(client)

    form = admin_client.get(banner_url("revisions_revert", banner.pk, first.pk))
    assert form.status_code == 200 and "Spring is here" in form.content.decode()
    first.publish(user=form.wsgi_request.user)

    html = storefront(client)
    assert '<h2 class="hero__heading">Spring is here</h2>' in html
    assert "Second wording" not in html


def test_a_banner_locked_by_someone_else_cannot_be_saved(
    admin_client, banner, picture, django_user_model
):
    colleague = django_user_model.objects.create_superuser("colleague", "c@example.com", "pw")
    Banner.objects.filter(pk=banner.pk).update(
        locked=True, locked_by=colleague, locked_at=timezone.now()
    )

    response = admin_client.post(
        banner_url("edit", banner.pk),
        {**banner_form(banner, image=picture, heading="Overwritten"), **PUBLISH},
    )

    assert response.status_code == 200  # the form comes back with the lock message
    banner.refresh_from_db()
    assert banner.heading == "Spring is here"
    assert banner.revisions.count() == 1


@pytest.mark.parametrize("link", ["javascript:alert(1)", "//evil.example", "data:text/html,x"])
def test_banner_links_must_be_site_paths_or_web_addresses(link):
    with pytest.raises(ValidationError):
        validate_link(link)
    validate_link("/sale/")
    validate_link("https://example.com/sale")
