"""Listings, product pages and homepage sections are kept per catalog generation
(commerce.catalog.generation): every change a shopper could see shows on the next render,
and nothing of one visitor's is ever kept for another."""

from decimal import Decimal

import pytest
from django.test import Client

from commerce.catalog import generation
from commerce.catalog.models import Product
from commerce.orders.signals import order_placed
from commerce.stock.services import StockUpdate, apply_stock_updates
from tests.fixtures.cart import make_user
from tests.fixtures.catalog import make_product, only_variant, set_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def boot(category, warehouse):
    product = make_product(category, name="Trail boot", price="50.00")
    set_stock(product, warehouse, 9)
    return product


def kept(client, url) -> str:
    """The page twice: the second comes from what the first kept."""
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def test_a_price_change_shows_on_the_next_listing_and_product_page(client, category, boot):
    assert "€50.00" in kept(client, category.get_absolute_url())
    assert "€50.00" in kept(client, boot.get_absolute_url())

    boot.price = Decimal("42.00")
    boot.save()

    listing = client.get(category.get_absolute_url()).text
    page = client.get(boot.get_absolute_url()).text
    assert "€42.00" in listing and "€50.00" not in listing
    assert "€42.00" in page and "€50.00" not in page


def test_stock_sold_out_by_a_sync_shows_out_of_stock_and_leaves_the_in_stock_filter(
    client, category, warehouse, boot, django_capture_on_commit_callbacks
):
    in_stock_url = f"{category.get_absolute_url()}?in_stock=1"
    assert "Trail boot" in kept(client, in_stock_url)
    assert "In stock" in kept(client, boot.get_absolute_url())

    variant = only_variant(boot)
    with django_capture_on_commit_callbacks(execute=True):
        apply_stock_updates(
            updates=[
                StockUpdate(
                    product_id=boot.pk, variant_id=variant.pk, warehouse_id=warehouse.pk, quantity=0
                )
            ]
        )

    assert "Trail boot" not in client.get(in_stock_url).text
    assert "0 products" in client.get(in_stock_url).text
    assert "Out of stock" in client.get(boot.get_absolute_url()).text


def test_a_new_product_and_a_published_draft_show_in_the_listing_and_its_count(
    client, category, boot
):
    assert "1 product<" in kept(client, category.get_absolute_url())

    make_product(category, name="Rain boot")
    draft = make_product(category, name="Snow boot", live=False)
    html = client.get(category.get_absolute_url()).text
    assert "Rain boot" in html and "2 products" in html and "Snow boot" not in html

    draft.save_revision().publish()
    html = client.get(category.get_absolute_url()).text
    assert "Snow boot" in html and "3 products" in html


def test_an_unpublished_product_leaves_search_and_its_page(client, boot):
    assert "Trail boot" in kept(client, "/search/?q=trail")
    assert kept(client, boot.get_absolute_url())

    Product.objects.get(pk=boot.pk).unpublish()

    assert "Trail boot" not in client.get("/search/?q=trail").text
    assert client.get(boot.get_absolute_url()).status_code == 404


def test_the_homepage_sections_show_a_new_product_and_a_new_price(client, home_page, boot):
    assert "Trail boot" in kept(client, "/")

    make_product(boot.category, name="Rain boot", price="61.00")
    boot.price = Decimal("44.00")
    boot.save()

    html = client.get("/").text
    assert "Rain boot" in html and "€61.00" in html and "€44.00" in html


def test_an_order_moves_the_best_sellers_on_but_not_the_catalog(boot):
    from home import section_cache

    before = generation.tokens(generation.KEY, section_cache.SALES_KEY)

    order_placed.send(sender=None, order_id=1)

    catalog, sales = generation.tokens(generation.KEY, section_cache.SALES_KEY)
    assert catalog == before[0]  # listings stay: an order alone changes no count
    assert sales != before[1]


def test_kept_pages_hold_nothing_of_the_visitor_who_built_them(category, boot):
    ada = make_user("ada")
    shopper = Client(enforce_csrf_checks=True)
    shopper.force_login(ada)
    variant = only_variant(boot)
    shopper.get(boot.get_absolute_url())
    token = shopper.cookies["csrftoken"].value
    added = shopper.post(
        "/cart/add/",
        {"product": boot.pk, "variant": variant.pk, "quantity": 3, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302
    urls = [category.get_absolute_url(), boot.get_absolute_url(), "/search/?q=trail"]
    shoppers_tokens = set()
    for url in urls:
        html = shopper.get(url).text
        assert 'class="cart-count">3<' in html and ">Account<" in html  # built for Ada
        shoppers_tokens |= set(csrf_tokens(html))
    assert shoppers_tokens

    visitor = Client()
    for url in urls:
        html = visitor.get(url).text
        assert "Trail boot" in html
        assert "cart-count" not in html
        assert ">Log in<" in html and ">Account<" not in html
        assert ada.email not in html
        assert csrf_tokens(html) and not shoppers_tokens & set(csrf_tokens(html))


def csrf_tokens(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('name="csrfmiddlewaretoken" value="')[1:]]
