"""The product page: gallery, price, availability, breadcrumbs, attributes, SEO tags and
schema.org JSON-LD."""

import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from commerce.catalog.models import AttributeDefinition, AttributeOption, ProductImage
from commerce.catalog.models.products import ProductStatus
from tests.fixtures.catalog import make_category, make_product, set_stock

pytestmark = pytest.mark.django_db


class _Elements(HTMLParser):
    """Start tags with their (unescaped) attributes, in document order."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _elements(html: str, tag: str) -> list[dict]:
    return [attrs for name, attrs in _Elements(html).found if name == tag]


def _json_ld(html: str) -> list[dict]:
    """Each JSON-LD block as the page sends it: a "</script>" left unescaped inside would cut
    the block short here and json.loads would fail."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def _product_json_ld(html: str) -> dict:
    return next(data for data in _json_ld(html) if data["@type"] == "Product")


def _section(html: str, pattern: str) -> str:
    return re.search(pattern, html, re.S).group(0)


def test_product_json_ld_for_a_product_in_stock(client, product, image_factory):
    product.description = "<p>Light &amp; <b>fast</b>.</p><p>Grippy sole.</p>"
    product.save()
    side = ProductImage.objects.create(
        product=product, image=image_factory("Side"), alt_text="Side view", sort_order=0
    )
    sole = ProductImage.objects.create(product=product, image=image_factory("Sole"), sort_order=1)
    url = product.get_absolute_url()

    data = _product_json_ld(client.get(url).text)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Product"
    assert data["name"] == "Trail Runner"
    assert data["sku"] == product.sku
    assert data["description"] == "Light & fast. Grippy sole."
    assert data["image"] == [
        f"http://testserver{side.image.get_rendition('max-960x960').url}",
        f"http://testserver{sole.image.get_rendition('max-960x960').url}",
    ]
    assert data["offers"] == {
        "@type": "Offer",
        "url": f"http://testserver{url}",
        "price": "89.90",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition",
    }


def test_json_ld_currency_comes_from_the_settings(client, product, settings):
    settings.SHOP_CURRENCY = "CHF"

    offer = _product_json_ld(client.get(product.get_absolute_url()).text)["offers"]

    assert offer["priceCurrency"] == "CHF"


@pytest.mark.parametrize(
    ("quantity", "status", "availability"),
    [
        (2, ProductStatus.ACTIVE, "https://schema.org/InStock"),
        (0, ProductStatus.ACTIVE, "https://schema.org/OutOfStock"),
        (9, ProductStatus.DISABLED, "https://schema.org/Discontinued"),
    ],
)
def test_json_ld_availability(client, category, warehouse, quantity, status, availability):
    item = make_product(category, name="Boot", price="120.00", status=status)
    set_stock(item, warehouse, quantity)

    offer = _product_json_ld(client.get(item.get_absolute_url()).text)["offers"]

    assert offer["availability"] == availability
    assert offer["price"] == "120.00"


def test_json_ld_cannot_close_its_script_element(client, category):
    name = 'Boot </script><script>alert("x")</script> & <!-- more'
    item = make_product(category, name=name, slug="evil-boot")

    html = client.get(item.get_absolute_url()).text

    assert "</script><script>alert" not in html
    assert _product_json_ld(html)["name"] == name
    breadcrumbs = next(data for data in _json_ld(html) if data["@type"] == "BreadcrumbList")
    assert breadcrumbs["itemListElement"][-1]["name"] == name
    assert "<title>Boot &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)" in html


def test_breadcrumb_json_ld_runs_from_home_to_the_product(client, category):
    running = make_category("Running", parent=category)
    item = make_product(running, name="Road runner", slug="road-runner")

    html = client.get(item.get_absolute_url()).text

    data = next(data for data in _json_ld(html) if data["@type"] == "BreadcrumbList")
    assert data["@context"] == "https://schema.org"
    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://testserver/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Shoes",
            "item": "http://testserver/categories/shoes/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": "Running",
            "item": "http://testserver/categories/shoes/running/",
        },
        {
            "@type": "ListItem",
            "position": 4,
            "name": "Road runner",
            "item": "http://testserver/products/road-runner/",
        },
    ]


def test_canonical_url_is_absolute_and_ignores_the_query_string(client, product):
    html = client.get(product.get_absolute_url(), {"utm_source": "mail"}).text

    links = [attrs for attrs in _elements(html, "link") if attrs.get("rel") == "canonical"]
    assert links == [{"rel": "canonical", "href": f"http://testserver{product.get_absolute_url()}"}]


def test_title_and_meta_description_are_plain_text(client, product):
    product.description = "<h2>Built for mud</h2><p>Grippy &amp; light.</p>" + "<p>word</p>" * 60
    product.save()

    html = client.get(product.get_absolute_url()).text

    assert "<title>Trail Runner · Storefront</title>" in html
    (meta,) = [attrs for attrs in _elements(html, "meta") if attrs.get("name") == "description"]
    assert meta["content"].startswith("Built for mud Grippy & light. word word")
    assert meta["content"].endswith("…")
    assert len(meta["content"]) == 160


def test_breadcrumbs_are_ordered_and_mark_the_product_as_current(client, category):
    running = make_category("Running", parent=category)
    item = make_product(running, name="Road runner", slug="road-runner")

    html = client.get(item.get_absolute_url()).text

    trail = _section(html, r'<nav aria-label="Breadcrumb" class="breadcrumbs">.*?</nav>')
    assert "<ol>" in trail
    assert re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', trail) == [
        ("/", "", "Home"),
        ("/categories/shoes/", "", "Shoes"),
        ("/categories/shoes/running/", "", "Running"),
        ("/products/road-runner/", ' aria-current="page"', "Road runner"),
    ]


def test_category_breadcrumbs_mark_the_category_as_current(client, category):
    running = make_category("Running", parent=category)

    html = client.get(running.get_absolute_url()).text

    trail = _section(html, r'<nav aria-label="Breadcrumb" class="breadcrumbs">.*?</nav>')
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', trail) == [
        "/categories/shoes/running/"
    ]


def test_gallery_has_a_main_image_and_thumbnails_all_with_alt_text(client, product, image_factory):
    ProductImage.objects.create(
        product=product, image=image_factory("Side"), alt_text="Side view", sort_order=0
    )
    ProductImage.objects.create(product=product, image=image_factory("Sole"), sort_order=1)

    html = client.get(product.get_absolute_url()).text

    gallery = _section(html, r'<div class="gallery">.*?</ul>')
    images = _elements(gallery, "img")
    assert [image["alt"] for image in images] == [
        "Side view",
        "Trail Runner",
        "Side view",
        "Trail Runner",
    ]
    assert images[0]["fetchpriority"] == "high"
    assert images[0]["src"] == images[2]["src"]  # thumbnails reuse the loaded rendition
    assert [attrs["href"] for attrs in _elements(gallery, "a")] == ["#picture-1", "#picture-2"]
    assert [attrs["id"] for attrs in _elements(gallery, "div") if "id" in attrs] == [
        "picture-1",
        "picture-2",
    ]
    assert all(image.get("alt") for image in _elements(html, "img"))


def test_a_single_picture_has_no_thumbnails(client, product, image_factory):
    ProductImage.objects.create(product=product, image=image_factory("Side"), sort_order=0)

    html = client.get(product.get_absolute_url()).text

    assert "gallery__thumbs" not in html
    assert [image["alt"] for image in _elements(html, "img")] == ["Trail Runner"]


def test_sale_price_strikes_through_the_compare_at_price(client, category):
    item = make_product(category, price="1234.50", compare_at_price=Decimal("1500.00"))

    html = client.get(item.get_absolute_url()).text

    price = _section(html, r'<p class="price">.*?</p>')
    assert "<del>€1,500.00</del>" in price
    assert "<ins>€1,234.50</ins>" in price
    assert price.index("<del>") < price.index("<ins>")


def test_regular_price_has_no_strike_through(client, product):
    price = _section(client.get(product.get_absolute_url()).text, r'<p class="price">.*?</p>')

    assert "€89.90" in price
    assert "<del>" not in price


@pytest.mark.parametrize(
    ("quantity", "status", "text", "state"),
    [
        (12, ProductStatus.ACTIVE, "In stock", "in"),
        (3, ProductStatus.ACTIVE, "Only 3 left", "low"),
        (0, ProductStatus.ACTIVE, "Out of stock", "out"),
        (12, ProductStatus.DISABLED, "Currently unavailable", "unavailable"),
    ],
)
def test_availability(client, category, warehouse, quantity, status, text, state):
    item = make_product(category, status=status)
    set_stock(item, warehouse, quantity)

    html = client.get(item.get_absolute_url()).text

    assert f'<p class="availability availability-{state}">{text}</p>' in html


def test_attributes_are_a_definition_list(client, product):
    size = AttributeDefinition.objects.create(name="Size", slug="size", position=2)
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour", position=1)
    for definition, value in [(size, "42"), (size, "43"), (colour, "Red")]:
        product.attribute_options.add(
            AttributeOption.objects.create(definition=definition, value=value, slug=value.lower())
        )
    product.save()  # a parental many-to-many is written on save

    html = client.get(product.get_absolute_url()).text

    attributes = _section(html, r'<dl class="attributes">.*?</dl>')
    assert re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", attributes) == [
        ("Colour", "Red"),
        ("Size", "42, 43"),
    ]


def test_description_is_rich_text_under_its_heading(client, product):
    product.description = "<p>Light &amp; <b>fast</b>.</p>"
    product.save()

    html = client.get(product.get_absolute_url()).text

    description = _section(html, r'<section class="product__description".*?</section>')
    assert '<h2 id="description-heading">Description</h2>' in description
    assert "<p>Light &amp; <b>fast</b>.</p>" in description


def test_a_bare_product_page_renders(client, category):
    item = make_product(category, name="Plain boot", price="5.00")

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    html = response.text
    assert '<p class="gallery__empty">No picture yet</p>' in html
    assert "<dl" not in html
    assert "product__description" not in html
    (meta,) = [attrs for attrs in _elements(html, "meta") if attrs.get("name") == "description"]
    assert meta["content"] == "Plain boot"
    data = _product_json_ld(html)
    assert "image" not in data
    assert "description" not in data
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"


def _brand_option(value="Fjellbrook") -> AttributeOption:
    brand, _ = AttributeDefinition.objects.get_or_create(slug="brand", defaults={"name": "Brand"})
    return AttributeOption.objects.create(definition=brand, value=value, slug=value.lower())


def test_the_brand_attribute_is_a_row_on_the_page_and_the_json_ld_brand(client, product):
    product.attribute_options.add(_brand_option("Fjellbrook"))
    product.save()  # a ParentalManyToManyField keeps added options in memory until saved

    html = client.get(product.get_absolute_url()).text

    assert "<div><dt>Brand</dt><dd>Fjellbrook</dd></div>" in html
    assert _product_json_ld(html)["brand"] == {"@type": "Brand", "name": "Fjellbrook"}


def test_a_product_without_a_brand_has_no_json_ld_brand(client, product):
    assert "brand" not in _product_json_ld(client.get(product.get_absolute_url()).text)


def test_open_graph_tags_of_a_product(client, product, image_factory):
    product.description = "<p>Light &amp; fast.</p>"
    product.save()
    main = ProductImage.objects.create(product=product, image=image_factory("Side"), sort_order=0)
    ProductImage.objects.create(product=product, image=image_factory("Sole"), sort_order=1)
    url = product.get_absolute_url()

    html = client.get(url).text
    tags = [
        (attrs["property"], attrs["content"])
        for attrs in _elements(html, "meta")
        if attrs.get("property", "").startswith(("og:", "product:"))
    ]

    assert tags == [
        ("og:type", "product"),
        ("og:title", "Trail Runner"),
        ("og:url", f"http://testserver{url}"),
        ("og:image", f"http://testserver{main.image.get_rendition('max-960x960').url}"),
        ("og:description", "Light & fast."),
        ("product:price:amount", "89.90"),
        ("product:price:currency", "EUR"),
    ]
