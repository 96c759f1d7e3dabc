"""The homepage's body is rendered once and shared (home.body_cache): every visitor gets
their own CSRF token and path, and nothing the body shows is kept past its change: a banner's
expiry time, a linked page's new title, a changed body, a preview of a draft."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from home.models import HomePage
from pages.models import ContentPage
from tests.fixtures.catalog import make_product, set_stock
from tests.fixtures.orders import submit
from tests.home import builders as b
from tests.home.admin_data import hero_form, homepage_form

pytestmark = pytest.mark.django_db

BLOCK_TEMPLATE = "home/blocks/product_section_block.html"


@pytest.fixture
def tent(category, warehouse):
    product = make_product(category, name="Trail tent", price="120.00", sku="TT")
    set_stock(product, warehouse, 5)
    return product


def storefront(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return response


def next_paths(html: str) -> set[str]:
    return set(re.findall(r'name="next" value="([^"]*)"', html))


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html))


def test_the_body_is_rendered_once_and_each_visitor_gets_their_own_token_and_path(
    home_page, tent, django_user_model
):
    b.publish_body(home_page, [b.product_section("Tents", "products", products=[tent])])
    first, shopper = Client(), Client()
    shopper.force_login(django_user_model.objects.create_user("sam", password="x"))

    built = storefront(first)
    kept = storefront(shopper, "/?utm_source=mail&x=<b>")

    assert BLOCK_TEMPLATE in [t.name for t in built.templates]
    assert BLOCK_TEMPLATE not in [t.name for t in kept.templates]  # copied, not rendered
    assert "Trail tent" in kept.text and 'action="/cart/add/"' in kept.text
    assert next_paths(built.text) == {"/"}
    assert next_paths(kept.text) == {"/?utm_source=mail&amp;x=%3Cb%3E"}
    first_tokens, shopper_tokens = csrf_tokens(built.text), csrf_tokens(kept.text)
    assert first_tokens and shopper_tokens and not first_tokens & shopper_tokens
    assert "card-csrf-token-placeholder" not in kept.text and "<card-next-path>" not in kept.text


def test_a_chosen_banner_leaves_the_kept_body_when_its_expiry_time_passes(
    home_page, image_factory, monkeypatch
):
    picture = image_factory("campaign")
    expiry = timezone.now() + timedelta(hours=1)
    banner = b.make_banner(picture, heading="Spring is here", expire_at=expiry)
    b.publish_body(home_page, [b.hero("Our own hero", image=picture, banner=banner)])
    client = Client()
    assert "Spring is here" in storefront(client).text
    assert "Spring is here" in storefront(client).text  # kept

    later = expiry + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())

    html = storefront(client).text  # no signal told anyone: publish_scheduled has not run
    assert "Spring is here" not in html
    assert '<h2 class="hero__heading">Our own hero</h2>' in html


def test_a_linked_page_renamed_and_published_shows_its_new_title(home_page):
    help_page = home_page.add_child(instance=ContentPage(title="Help", slug="help"))
    hero = b.hero("Welcome", ctas=[{**b.link("", page=help_page)}])
    b.publish_body(home_page, [hero])
    client = Client()
    assert '<a class="button" href="/help/">Help</a>' in storefront(client).text

    help_page.title = "Help and contact"
    help_page.save_revision().publish()
    assert '<a class="button" href="/help/">Help and contact</a>' in storefront(client).text

    help_page.unpublish()
    assert 'href="/help/"' not in storefront(client).text


def test_a_body_written_without_a_revision_shows_at_once(home_page):
    b.publish_body(home_page, [b.html("<p>Before</p>")])
    client = Client()
    assert "<p>Before</p>" in storefront(client).text

    HomePage.objects.filter(pk=home_page.pk).update(body=[b.html("<p>After</p>")])

    html = storefront(client).text
    assert "<p>After</p>" in html and "<p>Before</p>" not in html


def test_a_preview_is_never_kept_nor_served_from_the_kept_body(
    admin_client, home_page, image_factory
):
    live = b.publish_body(home_page, [b.html("<p>Live words</p>")])
    visitor = Client()
    assert "Live words" in storefront(visitor).text

    data = homepage_form(live, [hero_form("Draft heading", image=image_factory("draft"))])
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[live.pk])
    assert admin_client.post(preview_url, data).json()["is_valid"]
    for _ in range(3):  # rendered each time: never kept (the first makes the renditions)
        preview = admin_client.get(preview_url)
        assert "home/blocks/hero_block.html" in [t.name for t in preview.templates]
        assert "Draft heading" in preview.text and "Live words" not in preview.text

    html = storefront(visitor).text
    assert "Live words" in html and "Draft heading" not in html


def test_best_sellers_follow_the_sales(
    home_page, tent, category, warehouse, methods, django_capture_on_commit_callbacks
):
    other = make_product(category, name="Camp stove", price="40.00", sku="CS")
    set_stock(other, warehouse, 500)  # selling some changes nothing a card shows
    b.publish_body(home_page, [b.product_section("Best sellers", "best_sellers")])
    client = Client()
    assert "Camp stove" not in storefront(client).text  # no sales yet: the section hides

    with django_capture_on_commit_callbacks(execute=True):
        submit([(other, 2)], expected_total="84.90", **methods)
    assert "Camp stove" in storefront(client).text
