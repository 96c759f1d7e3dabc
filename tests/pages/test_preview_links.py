"""Shareable preview links: an editor shares the draft of a page or a snippet; a reviewer
without an account opens it until it expires or is revoked."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from home.models import Banner
from pages import preview_links
from pages.models import PreviewLink
from tests.fixtures.content import rich_text
from tests.home.builders import make_banner

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    """Someone without an admin account."""
    return Client()


def save_draft(page, text: str):
    page.body = [("text", rich_text(f"<p>{text}</p>"))]
    page.save_revision()


def open_link(client, link):
    return client.get(reverse("preview_link", args=[link.token]))


def test_token_is_long_random_and_expires_in_24_hours(help_page, admin_user):
    before = timezone.now()
    first = preview_links.create_preview_link(obj=help_page, user=admin_user)
    second = preview_links.create_preview_link(obj=help_page, user=admin_user)

    assert len(first.token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", first.token)  # 256 bits
    assert first.token != second.token
    assert before + timedelta(hours=24) <= first.expires_at <= timezone.now() + timedelta(hours=24)
    assert (first.created_by, first.content_object) == (admin_user, help_page)


def test_a_reviewer_sees_the_draft_and_the_live_page_stays(reviewer, help_page, admin_user):
    save_draft(help_page, "Draft answer")
    link = preview_links.create_preview_link(obj=help_page, user=admin_user)

    response = open_link(reviewer, link)

    assert response.status_code == 200
    assert "Draft answer" in response.text
    assert "How can we help?" not in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.text
    live = reviewer.get("/help/").text
    assert "How can we help?" in live and "Draft answer" not in live


def test_the_link_follows_the_latest_draft(reviewer, help_page, admin_user):
    link = preview_links.create_preview_link(obj=help_page, user=admin_user)
    save_draft(help_page, "First draft")
    assert "First draft" in open_link(reviewer, link).text

    save_draft(help_page, "Second draft")

    assert "Second draft" in open_link(reviewer, link).text


def test_homepage_draft_can_be_shared(reviewer, home_page, admin_user):
    home_page.title = "Home"
    home_page.seo_title = "Draft homepage title"
    home_page.save_revision()
    link = preview_links.create_preview_link(obj=home_page, user=admin_user)

    html = open_link(reviewer, link).text

    assert "<title>Draft homepage title · Storefront</title>" in html
    assert "Draft homepage title" not in reviewer.get("/").text


def test_banner_draft_can_be_shared(reviewer, admin_user, image_factory):
    banner = make_banner(image_factory("Spring"), heading="Live heading")
    banner.heading = "Draft heading"
    banner.save_revision()
    link = preview_links.create_preview_link(obj=Banner.objects.get(pk=banner.pk), user=admin_user)

    response = open_link(reviewer, link)

    assert response.status_code == 200
    assert "Draft heading" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Banner.objects.get(pk=banner.pk).heading == "Live heading"


@pytest.mark.parametrize("state", ["unknown", "expired", "revoked"])
def test_unknown_expired_or_revoked_links_answer_404(reviewer, help_page, admin_user, state):
    save_draft(help_page, "Secret draft")
    link = preview_links.create_preview_link(obj=help_page, user=admin_user)
    if state == "unknown":
        link.token = link.token[:-1] + ("A" if link.token[-1] != "A" else "B")
    elif state == "expired":
        PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    else:
        preview_links.revoke_preview_link(link=link, user=admin_user)

    response = open_link(reviewer, link)

    assert response.status_code == 404
    assert "Secret draft" not in response.text


def test_a_link_to_a_deleted_page_answers_404(reviewer, help_page, admin_user):
    link = preview_links.create_preview_link(obj=help_page, user=admin_user)
    help_page.delete()

    assert open_link(reviewer, link).status_code == 404


def test_only_editors_of_the_object_may_share_or_revoke(help_page, admin_user, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", password="x")

    with pytest.raises(PermissionDenied):
        preview_links.create_preview_link(obj=help_page, user=outsider)
    link = preview_links.create_preview_link(obj=help_page, user=admin_user)
    with pytest.raises(PermissionDenied):
        preview_links.revoke_preview_link(link=link, user=outsider)

    link.refresh_from_db()
    assert link.revoked_at is None
    assert PreviewLink.objects.count() == 1


def test_objects_without_drafts_cannot_be_shared(admin_user, category):
    with pytest.raises(preview_links.NotShareable):
        preview_links.create_preview_link(obj=category, user=admin_user)
    assert PreviewLink.objects.count() == 0


# The admin screen ---------------------------------------------------------------------------


def test_page_editor_header_offers_the_share_screen(admin_client, help_page):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[help_page.pk])).text

    content_type = ContentType.objects.get_for_model(help_page)
    assert f'href="/admin/preview-links/{content_type.pk}/{help_page.pk}/"' in html


def test_banner_editor_offers_the_share_screen(admin_client, image_factory):
    banner = make_banner(image_factory("Spring"))
    edit_url = reverse(Banner.snippet_viewset.get_url_name("edit"), args=[banner.pk])

    html = admin_client.get(edit_url).text

    content_type = ContentType.objects.get_for_model(Banner)
    assert f'href="/admin/preview-links/{content_type.pk}/{banner.pk}/"' in html


def test_editor_creates_and_revokes_a_link_in_the_admin(admin_client, reviewer, help_page):
    save_draft(help_page, "Draft answer")
    content_type = ContentType.objects.get_for_model(help_page)
    screen = reverse("pages_preview_links", args=[content_type.pk, help_page.pk])

    response = admin_client.post(screen, {"lifetime": "72"})

    assert response.status_code == 302
    link = PreviewLink.objects.get()
    assert (
        timedelta(days=3) - timedelta(minutes=1)
        < link.expires_at - link.created_at
        <= (timedelta(days=3))
    )
    html = admin_client.get(screen).text
    shared_url = f"http://testserver/preview/{link.token}/"
    assert f'value="{shared_url}"' in html
    assert "Draft answer" in reviewer.get(shared_url).text

    admin_client.post(reverse("pages_revoke_preview_link", args=[link.pk]))

    assert reviewer.get(shared_url).status_code == 404
    html = admin_client.get(screen).text
    assert shared_url not in html
    assert "Revoked" in html


def test_a_bad_lifetime_is_refused_with_a_message(admin_client, help_page):
    content_type = ContentType.objects.get_for_model(help_page)
    screen = reverse("pages_preview_links", args=[content_type.pk, help_page.pk])

    response = admin_client.post(screen, {"lifetime": "99999"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert PreviewLink.objects.count() == 0


def test_the_admin_screen_is_refused_to_non_editors(client, help_page, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    content_type = ContentType.objects.get_for_model(help_page)

    response = client.post(
        reverse("pages_preview_links", args=[content_type.pk, help_page.pk]), {"lifetime": "24"}
    )

    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert PreviewLink.objects.count() == 0
