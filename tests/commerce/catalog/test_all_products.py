"""`/products/`: every visible product with the category page's filters, sorting and
pagination; an empty search leads there."""

import json
import re

import pytest

from commerce.catalog.models import ProductStatus
from tests.fixtures.catalog import make_category, make_product, set_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(warehouse):
    shoes = make_category("Shoes")
    trail = make_category("Trail", parent=shoes)
    tents = make_category("Tents")
    archive = make_category("Archive", is_active=False)
    products = {
        "Runner": make_product(trail, name="Runner", price="120.00"),
        "Dome tent": make_product(tents, name="Dome tent", price="80.00"),
        "Old boot": make_product(shoes, name="Old boot", status=ProductStatus.DISABLED),
    }
    make_product(shoes, name="Hidden boot", status=ProductStatus.HIDDEN)
    make_product(shoes, name="Draft boot", live=False)
    make_product(archive, name="Archived boot")
    set_stock(products["Runner"], warehouse, 3)
    set_stock(products["Dome tent"], warehouse, 1)
    return products


def names(response) -> list[str]:
    return [card.product.name for card in response.context["listing"].cards]


def test_all_products_lists_every_visible_product_of_every_listed_category(client, shop):
    response = client.get("/products/", {"sort": "name"})

    assert response.status_code == 200
    assert names(response) == ["Dome tent", "Old boot", "Runner"]
    assert response.context["listing"].page.paginator.count == 3
    html = response.text
    assert "<h1>All products</h1>" in html
    assert '<link rel="canonical" href="http://testserver/products/">' in html
    # the top-level categories are offered to narrow it down, the inactive one is not
    assert [c.name for c in response.context["subcategories"]] == ["Shoes", "Tents"]


def test_all_products_filters_sorts_and_pages_like_a_category(client, shop):
    assert names(client.get("/products/", {"sort": "-price", "in_stock": "1"})) == [
        "Runner",
        "Dome tent",
    ]
    assert names(client.get("/products/", {"price_min": "50", "sort": "price"})) == [
        "Dome tent",
        "Runner",
    ]


def test_all_products_pages_through_the_catalog(client, shop):
    tents = make_category("More tents")
    for number in range(10):
        make_product(tents, name=f"Tent {number:02}")
    second = client.get("/products/", {"sort": "name", "per_page": "12", "page": "2"})

    assert second.context["listing"].page.number == 2
    assert names(second) == ["Tent 09"]  # 13 products, 12 a page


def test_all_products_has_breadcrumb_structured_data(client, shop):
    html = client.get("/products/").text
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)

    assert json.loads(script) == {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://testserver/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": "All products",
                "item": "http://testserver/products/",
            },
        ],
    }


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_leads_to_all_products_keeping_filters(client, shop, query):
    response = client.get("/search/", {"q": query, "sort": "price", "in_stock": "1"})

    assert response.status_code == 302
    assert response.url == "/products/?sort=price&in_stock=1"


def test_a_search_without_anything_leads_to_all_products(client, shop):
    response = client.get("/search/")

    assert (response.status_code, response.url) == (302, "/products/")
