"""Every storefront page and the admin product list run a fixed number of queries: the same
with 50 products as with 2,000 (catalogs made by bench/generate_catalog.py), whether products
have one variant or several (sizes, some in two colours: facets match per variant)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.generate_catalog import generate_catalog
from commerce.catalog import generation
from commerce.catalog.models import Category, Product
from tests.fixtures.admin import product_admin_url

pytestmark = pytest.mark.django_db

PAGES = {
    "category": lambda: _first_root_url(),
    "category, filtered": lambda: _first_root_url() + "?in_stock=1&price_min=5&sort=-price",
    # one more query per attribute with a choice (its facet counts leave that choice out)
    "category, options": lambda: (
        _first_root_url() + "?zz-bench-colour=black&zz-bench-colour=red&zz-bench-size=m"
    ),
    # "Size M" with "in stock only": the products whose size-M variant has stock
    "category, option in stock": lambda: _first_root_url() + "?zz-bench-size=m&in_stock=1",
    "all products": lambda: "/products/",
    "all products, filtered": lambda: "/products/?in_stock=1&price_min=5&sort=-price&per_page=48",
    "search": lambda: "/search/?q=generated",
    "search, filtered": lambda: "/search/?q=generated&in_stock=1&sort=price&per_page=48",
    "product": lambda: Product.objects.visible().order_by("pk").first().get_absolute_url(),
}


def _first_root_url() -> str:
    """A top-level generated category: the widest listing."""
    return Category.objects.filter(depth=0).order_by("path").first().get_absolute_url()


def queries(client, url) -> int:
    """The queries of a request that builds the page's contents (the catalog generation moved
    on, every other cache warm)."""
    client.get(url)  # warm caches
    generation.advance()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def kept_queries(client, url) -> int:
    """The queries of a request answered from the contents kept for this generation."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("variants", [1, 8], ids=["one variant each", "1-8 variants each"])
def test_page_queries_do_not_grow_with_the_catalog(admin_client, variants):
    client = Client()  # an anonymous shopper (admin_client is the logged-in `client` fixture)
    urls = {**{name: None for name in PAGES}, "admin product list": None}

    def measure():
        for name in PAGES:
            urls[name] = PAGES[name]()
        counts = {name: queries(client, url) for name, url in urls.items() if name in PAGES}
        counts["admin product list"] = queries(admin_client, product_admin_url("list"))
        kept = {name: kept_queries(client, url) for name, url in urls.items() if name in PAGES}
        return counts, kept

    generate_catalog(products=50, categories=12, variants=variants)
    small, small_kept = measure()
    generate_catalog(products=2000, categories=12, variants=variants)
    large, large_kept = measure()

    assert small == large
    # From the listings and product pages kept for the generation: nothing but the token's
    # cache read (none here: the test settings' cache is in memory; one on the database cache).
    assert small_kept == large_kept == {name: 0 for name in PAGES}
    budgets = {
        # cached: the filterable attributes and their options (listing.filterable_definitions)
        # and, on category and product pages, the breadcrumb trail (navigation.breadcrumb_trail)
        "category": 5,
        "category, filtered": 5,
        "category, options": 7,
        "category, option in stock": 6,
        "all products": 5,
        "all products, filtered": 5,
        "search": 7,
        "search, filtered": 7,
        # a product sold in sizes: the picker's two more (commerce.catalog.picker)
        "product": 3 if variants == 1 else 5,
        "admin product list": 10,
    }
    admin = large.pop("admin product list")
    assert large == {name: budgets[name] for name in large}
    assert (
        admin <= budgets["admin product list"]
    )  # at most: one session/auth query can be served from state an earlier test left
