"""ContentPage: its blocks on the storefront, nesting, moves, and the editor's draft, preview,
publish and revert cycle through the admin."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from home.validators import MESSAGE
from pages.models import ContentPage
from tests.fixtures.catalog import make_category
from tests.fixtures.content import make_content_page
from tests.fixtures.content import rich_text as stored_rich_text

pytestmark = pytest.mark.django_db


def body_of(html: str) -> str:
    return re.search(r'<div class="content-page__body">(.*?)</div>\s*</article>', html, re.S)[1]


def test_nested_pages_follow_the_tree(client, help_page):
    shipping = make_content_page(help_page, "Shipping")

    assert shipping.url == "/help/shipping/"
    html = client.get("/help/shipping/").text
    assert "<h1>Shipping</h1>" in html
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', trail) == [
        ("/", "Home"),
        ("/help/", "Help"),
    ]
    assert '<span aria-current="page">Shipping</span>' in trail


def test_every_block_type_renders(client, help_page, image_factory):
    image = image_factory("Parcel")
    shoes = make_category("Shoes")
    page = make_content_page(
        help_page,
        "Returns",
        body=[
            ("text", stored_rich_text("<h2>Free returns</h2><p>Within 30 days.</p>")),
            ("image", {"image": image, "alt": "A parcel on a doorstep", "caption": "Packed"}),
            (
                "call_to_action",
                {
                    "heading": "Still in doubt?",
                    "text": "Browse the shoes.",
                    "link": {"category": shoes},
                    "style": "secondary",
                },
            ),
            (
                "faq",
                {
                    "heading": "Questions",
                    "items": [
                        {"question": "Who pays?", "answer": stored_rich_text("<p>We do.</p>")},
                        {"question": "How fast?", "answer": stored_rich_text("<p>5 days.</p>")},
                    ],
                },
            ),
            ("html", '<p class="note">Embed<script>alert(1)</script></p>'),
        ],
    )

    body = body_of(client.get(page.url).text)

    assert '<div class="block-text"><h2>Free returns</h2><p>Within 30 days.</p></div>' in body
    assert re.search(r'<img alt="A parcel on a doorstep"[^>]*src="/media/images/parcel', body)
    assert "<figcaption>Packed</figcaption>" in body
    assert '<section class="block-cta block-cta--secondary">' in body
    assert '<a class="block-cta__link" href="/categories/shoes/">Shoes</a>' in body
    assert re.findall(r"<summary>([^<]+)</summary>", body) == ["Who pays?", "How fast?"]
    assert '<p class="note">Embed</p>' in body
    assert "script" not in body


def test_a_link_to_an_unpublished_page_or_hidden_category_is_left_out(client, help_page):
    hidden = make_category("Archive", is_active=False)
    draft = make_content_page(help_page, "Secret", publish=False)
    page = make_content_page(
        help_page,
        "Links",
        body=[
            ("call_to_action", {"heading": "A", "link": {"category": hidden}}),
            ("call_to_action", {"heading": "B", "link": {"page": draft}}),
        ],
    )

    body = body_of(client.get(page.url).text)

    assert body.count('<section class="block-cta') == 2
    assert "block-cta__link" not in body


def test_an_unpublished_page_answers_404(client, help_page):
    make_content_page(help_page, "Draft only", publish=False)

    assert client.get("/help/draft-only/").status_code == 404


def test_a_moved_page_keeps_working_through_a_redirect(client, help_page, home_page):
    shipping = make_content_page(help_page, "Shipping")
    about = make_content_page(home_page, "About")

    shipping.move(about, pos="last-child")

    assert client.get("/about/shipping/").status_code == 200
    response = client.get("/help/shipping/")
    assert response.status_code == 301
    assert response["Location"] == "/about/shipping/"
    assert Redirect.objects.filter(old_path="/help/shipping", redirect_page=shipping).exists()


def test_a_renamed_slug_keeps_working_through_a_redirect(
    client, help_page, django_capture_on_commit_callbacks
):
    page = make_content_page(help_page, "Delivery")
    with django_capture_on_commit_callbacks(execute=True):
        page.slug = "shipping"
        page.save_revision().publish()

    response = client.get("/help/delivery/")
    assert (response.status_code, response["Location"]) == (301, "/help/shipping/")


# The editor's cycle in the admin -------------------------------------------------------------


def edit_data(page, *, text: str, **fields) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "body": streamfield([("text", rich_text(f"<p>{text}</p>"))]),
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            **fields,
        }
    )


def test_draft_shows_in_preview_not_live_and_publishing_makes_it_live(
    admin_client, client, help_page
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[help_page.pk])

    response = admin_client.post(edit_url, edit_data(help_page, text="Draft answer"))
    assert response.status_code == 302

    assert "Draft answer" not in client.get("/help/").text
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[help_page.pk])
    assert admin_client.post(preview_url, edit_data(help_page, text="Draft answer")).json() == {
        "is_valid": True,
        "is_available": True,
    }
    preview = admin_client.get(preview_url).text
    assert "Draft answer" in preview
    assert '<meta name="robots" content="noindex">' in preview

    admin_client.post(
        edit_url, {**edit_data(help_page, text="Draft answer"), "action-publish": "1"}
    )

    assert "Draft answer" in client.get("/help/").text


def test_reverting_to_an_old_revision_restores_it(admin_client, client, help_page):
    first = help_page.get_latest_revision()
    edit_url = reverse("wagtailadmin_pages:edit", args=[help_page.pk])
    admin_client.post(edit_url, {**edit_data(help_page, text="Newer"), "action-publish": "1"})
    assert "Newer" in client.get("/help/").text

    old = Page.objects.get(pk=help_page.pk).specific.revisions.get(pk=first.pk)
    old.as_object().save_revision(user=None, previous_revision=old).publish()

    html = client.get("/help/").text
    assert "How can we help?" in html
    assert "Newer" not in html


def test_an_editor_without_the_html_permission_cannot_add_an_html_block(
    client, help_page, django_user_model
):
    from django.contrib.auth.models import Group, Permission

    editor = django_user_model.objects.create_user("editor", password="x")
    editors = Group.objects.get(name="Editors")
    editor.groups.add(editors)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": help_page.title,
            "slug": help_page.slug,
            "body": streamfield([("html", "<p>Raw</p>")]),
            "comments": inline_formset([]),
        }
    )

    response = client.post(reverse("wagtailadmin_pages:edit", args=[help_page.pk]), data)

    assert response.status_code == 200
    assert "Only editors allowed to edit raw HTML" in response.text
    assert json.loads(help_page.get_latest_revision().content["body"]) == list(
        help_page.body.get_prep_value()
    )


class ContentPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.first()

    def test_nests_under_the_homepage_and_itself_only(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_is_renderable(self):
        # (assertPageIsPreviewable logs in with AUTHENTICATION_BACKENDS[0], django-axes' backend
        # that cannot load users; the admin preview is tested above with admin_client.)
        page = self.home.add_child(instance=ContentPage(title="About", slug="about"))
        self.assertPageIsRenderable(page)


def test_a_protocol_relative_url_in_a_call_to_action_is_a_form_error(
    admin_client, client, help_page
):
    link = {"label": "Elsewhere", "url": "//evil.example", "page": "", "category": ""}
    cta = {"heading": "Elsewhere", "text": "", "link": link, "style": "primary"}
    data = edit_data(help_page, text="", body=streamfield([("call_to_action", cta)]))

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[help_page.pk]), data)

    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in response.text
    assert MESSAGE in response.text
    assert help_page.revisions.count() == 1
    assert "evil.example" not in client.get("/help/").text


def test_a_call_to_action_saved_in_the_old_link_shape_still_renders(client, help_page):
    """Content pages' links had no product field before the one LinkBlock."""
    shoes = make_category("Shoes")
    old_link = {"label": "", "page": None, "category": shoes.pk, "url": ""}
    cta = {"heading": "Shoes", "text": "", "link": old_link, "style": "primary"}
    ContentPage.objects.filter(pk=help_page.pk).update(
        body=json.dumps([{"type": "call_to_action", "value": cta}])
    )

    body = body_of(client.get("/help/").text)

    assert '<a class="block-cta__link" href="/categories/shoes/">Shoes</a>' in body
