"""The page cache: anonymous storefront pages are served from the cache with the visitor's own
CSRF token; nothing personal is ever stored; changes staff and editors make show at once."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from storefront.page_cache import HEADER, PLACEHOLDER
from tests.fixtures.cart import make_user, post_add
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(
    product, django_assert_num_queries
):
    url = product.get_absolute_url()
    assert fetch(Client(), url)[HEADER] == "miss"
    with django_assert_num_queries(0):
        again = fetch(Client(), url)
    assert again[HEADER] == "hit"
    assert product.name in again.content.decode()


def test_each_visitor_gets_their_own_working_csrf_token(product):
    url = product.get_absolute_url()
    fetch(Client(), url)  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    page = fetch(visitor, url)
    html = page.content.decode()

    assert page[HEADER] == "hit"
    assert PLACEHOLDER not in html
    token = TOKEN.search(html).group(1)
    added = visitor.post(
        "/cart/add/",
        {"product": product.pk, "quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302  # accepted: the token matches this visitor's cookie
    assert visitor.get("/cart/").context["review"].item_count == 1


def test_a_visitor_with_a_cart_sees_their_own_page(product):
    url = product.get_absolute_url()
    fetch(Client(), url)
    shopper = Client()
    post_add(shopper, product, 2)
    page = fetch(shopper, url)
    assert HEADER not in page
    assert '<span class="cart-count">2</span>' in page.content.decode()


def test_a_page_rendered_for_a_shopper_is_never_stored(product):
    shopper = Client()
    post_add(shopper, product, 1)
    url = product.get_absolute_url()
    fetch(shopper, url)
    assert fetch(Client(), url)[HEADER] == "miss"


def test_logged_in_shoppers_bypass_the_cache(client, product):
    url = product.get_absolute_url()
    fetch(Client(), url)
    client.force_login(make_user("ada"))
    page = fetch(client, url)
    assert HEADER not in page


def test_a_published_price_change_shows_at_once(product, django_capture_on_commit_callbacks):
    url = product.get_absolute_url()
    fetch(Client(), url)
    product.price = Decimal("79.90")
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    page = fetch(Client(), url)
    assert page[HEADER] == "miss"
    assert "79.90" in page.content.decode()


def test_a_variant_price_saved_on_its_own_shows_at_once(
    product, django_capture_on_commit_callbacks
):
    from tests.fixtures.catalog import make_attribute, make_variants

    make_variants(product, [make_attribute("Size", ["S", "M"])], ["S", "M"])
    url = product.get_absolute_url()
    fetch(Client(), url)
    variant = product.variants.get(sku=f"{product.sku}-M")
    variant.price = Decimal("64.50")
    with django_capture_on_commit_callbacks(execute=True):
        variant.save()
    page = fetch(Client(), url)
    assert page[HEADER] == "miss"
    assert "64.50" in page.content.decode()


def test_an_order_that_leaves_a_product_low_shows_at_once(
    product, methods, django_capture_on_commit_callbacks
):
    url = product.get_absolute_url()
    assert "In stock" in fetch(Client(), url).content.decode()  # 12 units

    with django_capture_on_commit_callbacks(execute=True):
        submit([(product, 9)], expected_total="809.10", **methods)

    page = fetch(Client(), url)
    assert page[HEADER] == "miss"
    assert "Only 3 left" in page.content.decode()


def test_pages_vary_on_the_query_string(category, product):
    url = category.get_absolute_url()
    fetch(Client(), url)
    assert fetch(Client(), url + "?sort=-price")[HEADER] == "miss"
    assert fetch(Client(), url + "?sort=-price")[HEADER] == "hit"


def test_a_published_content_change_shows_at_once(home_page, django_capture_on_commit_callbacks):
    fetch(Client(), "/")
    assert fetch(Client(), "/")[HEADER] == "hit"
    home_page.title = "Home of bargains"
    home_page.seo_title = "Home of bargains"
    with django_capture_on_commit_callbacks(execute=True):
        home_page.save_revision().publish()
    page = fetch(Client(), "/")
    assert page[HEADER] == "miss"
    assert "Home of bargains" in page.content.decode()


def test_a_page_with_a_message_waiting_is_not_shared(product):
    """A message belongs to one visitor: neither served from nor stored in the cache."""
    url = product.get_absolute_url()
    visitor = Client()
    visitor.post("/cart/add/", {"product": product.pk, "quantity": "abc", "next": url})
    page = visitor.get(url)
    assert HEADER not in page
    assert "Enter a whole number" in page.content.decode()
    assert "Enter a whole number" not in fetch(Client(), url).content.decode()


def test_a_password_added_to_a_page_applies_at_once(home_page, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    fetch(Client(), "/")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=home_page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
    page = fetch(Client(), "/")
    assert page.get(HEADER) != "hit"
    assert 'name="password"' in page.content.decode()


def test_long_or_many_parameter_query_strings_are_not_stored(category, product):
    url = category.get_absolute_url()
    flood = url + "?" + "&".join(f"x{index}=1" for index in range(20))
    fetch(Client(), flood)
    assert HEADER not in fetch(Client(), flood)


def test_storefront_html_is_private_to_shared_caches(product):
    url = product.get_absolute_url()
    assert fetch(Client(), url)["Cache-Control"] == "private, no-cache"
    assert fetch(Client(), url)["Cache-Control"] == "private, no-cache"  # the hit too


def test_cart_pages_are_never_cached(product):
    visitor = Client()
    post_add(visitor, product, 1)
    fetch(Client(), "/cart/")
    assert HEADER not in fetch(Client(), "/cart/")
    assert HEADER not in fetch(visitor, "/checkout/address/")
