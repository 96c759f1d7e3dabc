"""Editors change the homepage through Wagtail's admin: a draft shows in the preview only,
publishing shows it live, scheduling publishes it through `publish_scheduled`, reverting a
revision restores it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from home.models import HomePage
from tests.home import builders as b
from tests.home.admin_data import PUBLISH, hero_form, homepage_form, later


@pytest.fixture
def live_home(home_page, hero_picture):
    return b.publish_body(home_page, [b.hero("Old heading", image=hero_picture)])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def storefront(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_draft_shows_in_the_preview_and_not_on_the_live_site(
    admin_client, client, live_home, hero_picture
):
    data = homepage_form(live_home, [hero_form("New heading", image=hero_picture)])

    response = admin_client.post(edit_url(live_home), data)

    assert response.status_code == 302
    page = HomePage.objects.get(pk=live_home.pk)
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().body[0].value["heading"] == "New heading"
    assert "Old heading" in storefront(client) and "New heading" not in storefront(client)

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert admin_client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    preview = admin_client.get(preview_url).content.decode()
    assert '<h2 class="hero__heading">New heading</h2>' in preview
    assert "Old heading" not in preview
    assert "New heading" not in storefront(client)


def test_publishing_shows_the_change_live(admin_client, client, live_home, hero_picture):
    data = homepage_form(live_home, [hero_form("Published heading", image=hero_picture)], **PUBLISH)

    response = admin_client.post(edit_url(live_home), data)

    assert response.status_code == 302
    html = storefront(client)
    assert '<h2 class="hero__heading">Published heading</h2>' in html
    assert "Old heading" not in html
    assert not HomePage.objects.get(pk=live_home.pk).has_unpublished_changes


def test_a_scheduled_change_goes_live_with_publish_scheduled(
    admin_client, client, live_home, hero_picture
):
    go_live = timezone.now() + timedelta(hours=2)
    data = homepage_form(
        live_home,
        [hero_form("Scheduled heading", image=hero_picture)],
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        **PUBLISH,
    )

    admin_client.post(edit_url(live_home), data)
    call_command("publish_scheduled")

    assert "Scheduled heading" not in storefront(client)  # not yet due
    assert HomePage.objects.get(pk=live_home.pk).scheduled_revision is not None

    with later(go_live + timedelta(minutes=1)):  # the cron job runs after the set time
        call_command("publish_scheduled")

    assert '<h2 class="hero__heading">Scheduled heading</h2>' in storefront(client)


def test_reverting_to_an_earlier_revision_restores_it(
    admin_client, client, live_home, hero_picture
):
    first = live_home.live_revision
    admin_client.post(
        edit_url(live_home),
        homepage_form(live_home, [hero_form("Second heading", image=hero_picture)], **PUBLISH),
    )
    assert "Second heading" in storefront(client)

    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[live_home.pk, first.pk])
    form = admin_client.get(revert_url)
    assert form.status_code == 200
    assert "Old heading" in form.content.decode()  # the editor opens with the old content

    first.publish(user=form.wsgi_request.user)

    html = storefront(client)
    assert '<h2 class="hero__heading">Old heading</h2>' in html
    assert "Second heading" not in html
