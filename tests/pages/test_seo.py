"""sitemap.xml, robots.txt, robots meta, canonical URLs, Open Graph and the homepage's
JSON-LD."""

import json
import re
from datetime import UTC, datetime

import pytest

from commerce.catalog.models import Product, ProductStatus
from tests.fixtures.catalog import make_category, make_product
from tests.fixtures.content import make_content_page

pytestmark = pytest.mark.django_db


def sitemap_entries(xml: str) -> dict[str, str | None]:
    """{location: lastmod or None}"""
    return {
        loc: (lastmod or None)
        for loc, lastmod in re.findall(
            r"<url><loc>([^<]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?", xml
        )
    }


def set_updated_at(product, when: datetime) -> None:
    Product.objects.filter(pk=product.pk).update(updated_at=when)


def test_sitemap_is_an_index_of_pages_categories_and_products(client, home_page):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert re.findall(r"<loc>([^<]+)</loc>", response.text) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-products.xml",
    ]


def test_page_sitemap_leaves_out_noindex_excluded_and_unpublished_pages(client, help_page):
    make_content_page(help_page, "Shipping")
    make_content_page(help_page, "Internal", noindex=True)
    make_content_page(help_page, "Thanks", exclude_from_sitemap=True)
    make_content_page(help_page, "Draft", publish=False)

    entries = sitemap_entries(client.get("/sitemap-pages.xml").text)

    assert list(entries) == [
        "http://testserver/",
        "http://testserver/help/",
        "http://testserver/help/shipping/",
    ]
    assert entries["http://testserver/help/shipping/"] == (
        help_page.get_children().get(slug="shipping").last_published_at.date().isoformat()
    )


def test_category_and_product_sitemaps_list_only_what_shoppers_can_see(client, home_page):
    shoes = make_category("Shoes")
    trail = make_category("Trail", parent=shoes)
    archive = make_category("Archive", is_active=False)
    active = make_product(trail, name="Runner")
    disabled = make_product(shoes, name="Old boot", status=ProductStatus.DISABLED)
    make_product(shoes, name="Hidden boot", status=ProductStatus.HIDDEN)
    make_product(shoes, name="Draft boot", live=False)
    make_product(archive, name="Archived boot")
    set_updated_at(active, datetime(2025, 3, 4, 12, tzinfo=UTC))
    set_updated_at(disabled, datetime(2025, 5, 6, 12, tzinfo=UTC))

    categories = sitemap_entries(client.get("/sitemap-categories.xml").text)
    products = sitemap_entries(client.get("/sitemap-products.xml").text)

    assert categories == {
        "http://testserver/products/": "2025-05-06",  # all products: the latest visible one
        "http://testserver/categories/shoes/": "2025-05-06",
        "http://testserver/categories/shoes/trail/": "2025-03-04",
    }
    assert products == {
        f"http://testserver{active.get_absolute_url()}": "2025-03-04",
        f"http://testserver{disabled.get_absolute_url()}": "2025-05-06",
    }


def test_sitemap_queries_do_not_grow_with_the_catalog(client, home_page):
    shoes = make_category("Shoes")

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get("/sitemap-products.xml")
            client.get("/sitemap-categories.xml")
        return len(queries)

    make_product(shoes)
    small = count()
    for number in range(20):
        make_product(make_category(f"Cat {number}"))
    assert count() == small


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /checkout/" in lines
    assert "Disallow: /preview/" not in lines  # robots must read its X-Robots-Tag
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"


def test_noindex_page_has_robots_meta_and_others_do_not(client, help_page):
    make_content_page(help_page, "Internal", noindex=True)

    assert '<meta name="robots" content="noindex">' in client.get("/help/internal/").text
    assert 'name="robots"' not in client.get("/help/").text


def test_content_page_head_has_canonical_and_open_graph(client, help_page, image_factory):
    image = image_factory("Share")
    make_content_page(
        help_page,
        "Shipping",
        seo_title="Shipping & delivery",
        search_description="Costs and times",
        social_image=image,
    )

    html = client.get("/help/shipping/?utm_source=mail").text

    assert "<title>Shipping &amp; delivery · Storefront</title>" in html
    assert '<meta name="description" content="Costs and times">' in html
    assert '<link rel="canonical" href="http://testserver/help/shipping/">' in html
    og = dict(re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)">', html))
    assert og["og:title"] == "Shipping &amp; delivery"
    assert og["og:description"] == "Costs and times"
    assert og["og:url"] == "http://testserver/help/shipping/"
    assert og["og:site_name"] == "Storefront"
    assert re.fullmatch(
        r"http://testserver/media/images/share\.[0-9a-f]+\.fill-1200x630\.png", og["og:image"]
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "application/ld+json" not in html  # the organisation is described on the homepage


def test_homepage_describes_the_organization_and_website(client, home_page, contact_settings):
    contact_settings.email = "help@example.com"
    contact_settings.phone = "+49 30 1234"
    contact_settings.social_links = [
        ("link", {"network": "instagram", "url": "https://instagram.com/shop", "label": ""})
    ]
    contact_settings.save()

    html = client.get("/").text

    scripts = [
        json.loads(data)
        for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    by_type = {data["@type"]: data for data in scripts}
    assert by_type["Organization"] == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Storefront",
        "url": "http://testserver/",
        "contactPoint": {
            "@type": "ContactPoint",
            "contactType": "customer service",
            "email": "help@example.com",
            "telephone": "+49 30 1234",
        },
        "sameAs": ["https://instagram.com/shop"],
    }
    assert by_type["WebSite"]["potentialAction"]["target"]["urlTemplate"] == (
        "http://testserver/search/?q={search_term_string}"
    )
    assert '<link rel="canonical" href="http://testserver/">' in html


def test_catalog_pages_keep_their_own_head(client, product):
    html = client.get(product.get_absolute_url()).text

    assert html.count('rel="canonical"') == 1
    assert html.count('property="og:title"') == 1  # the product's own, not a page's
