"""The product page of a product with sizes and colours: one group of radio buttons per
variant attribute, sold-out sizes crossed out and not choosable, a shared `?variant=<sku>`
link opening that choice with its SKU, price and stock, and the page's cost in queries."""

import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.catalog import navigation
from tests.fixtures.catalog import make_attribute, make_product, make_tee, make_variants, set_stock

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_menu(db):
    navigation.forget_category_menu()
    yield
    navigation.forget_category_menu()


class _Radios(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.radios: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "radio":
            self.radios.append(attrs)


class _Text(HTMLParser):
    """The text a shopper reads: no scripts, styles or templates."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self, html: str):
        super().__init__()
        self.depth, self.parts = 0, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(response) -> str:
    return " ".join(" ".join(_Text(response.content.decode()).parts).split())


def radios(response) -> list[tuple[str, str, bool, bool]]:
    """(group, value, checked, disabled) of each radio button."""
    return [
        (r["name"], r["data-value"], "checked" in r, "disabled" in r)
        for r in _Radios(response.content.decode()).radios
    ]


@pytest.fixture
def tee(category, warehouse):
    size = make_attribute("Size", ["S", "M", "L"], position=1)
    colour = make_attribute("Colour", ["Navy", "Red"], position=2)
    return make_tee(category, warehouse, size, colour)


def test_the_picker_offers_the_options_variants_have(client, tee):
    response = client.get(tee.get_absolute_url())

    assert response.status_code == 200
    # S exists as an option but no variant has it: not offered.
    assert radios(response) == [
        ("option-size", "M", False, False),
        ("option-size", "L", False, False),
        ("option-colour", "Navy", False, False),
        ("option-colour", "Red", False, True),  # its only variant (M) is sold out
    ]
    assert "from €20.00" in visible_text(response)
    assert "variant" not in visible_text(response).lower()  # a word shoppers never see


def test_a_shared_link_opens_the_choice_with_its_sku_price_and_stock(client, tee):
    response = client.get(tee.get_absolute_url() + "?variant=TEE-L-NAVY")

    html = response.content.decode()
    assert "<span data-variant-sku>TEE-L-NAVY</span>" in html
    assert response.context["option"].unit_price == Decimal("24.00")
    assert response.context["option"].availability.quantity == 5
    assert radios(response) == [
        ("option-size", "M", False, False),
        ("option-size", "L", True, False),
        ("option-colour", "Navy", True, False),
        ("option-colour", "Red", False, True),  # L in red does not exist
    ]


def test_a_sold_out_combination_is_crossed_out_and_cannot_be_chosen(client, tee):
    response = client.get(tee.get_absolute_url() + "?variant=TEE-M-NAVY")

    assert ("option-colour", "Red", False, True) in radios(response)
    html = response.content.decode()
    assert "variant-choice--sold-out" in html
    assert 'Red<span class="visually-hidden"> (sold out)</span>' in html


def test_an_unknown_shared_sku_shows_the_product_with_no_choice(client, tee):
    response = client.get(tee.get_absolute_url() + "?variant=NOPE")

    assert response.status_code == 200
    assert response.context["picker"].selected is None


def page_queries(client, product) -> int:
    client.get(product.get_absolute_url())  # menus and caches warmed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_page_with_a_picker_costs_the_same_whatever_the_number_of_variants(
    client, category, warehouse
):
    sizes = make_attribute("Size", ["XS", "S", "M", "L", "XL", "XXL"], position=1)
    colours = make_attribute("Colour", ["Navy", "Red"], position=2)
    few = make_product(category, name="Few", sku="FEW")
    make_variants(few, [sizes], ["S", "M"])
    many = make_product(category, name="Many", sku="MANY")
    grid = [
        (size, colour) for size in ["XS", "S", "M", "L", "XL", "XXL"] for colour in ["Navy", "Red"]
    ]
    for variant in make_variants(many, [sizes, colours], grid).values():
        set_stock(variant, warehouse, 2)

    assert page_queries(client, few) == page_queries(client, many)


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    blocks = html.split('<script type="application/ld+json">')[1:]
    return [json.loads(block.split("</script>")[0]) for block in blocks]


def test_json_ld_is_a_product_group_with_a_product_per_variant(client, tee):
    response = client.get(tee.get_absolute_url())

    [group] = [data for data in json_ld(response) if data["@type"] == "ProductGroup"]
    assert (group["name"], group["productGroupID"]) == ("Tee", "TEE")
    assert group["variesBy"] == ["https://schema.org/size", "https://schema.org/color"]
    assert [
        (v["sku"], v["size"], v["color"], v["offers"]["price"], v["offers"]["availability"])
        for v in group["hasVariant"]
    ] == [
        ("TEE-M-NAVY", "M", "Navy", "20.00", "https://schema.org/InStock"),
        ("TEE-L-NAVY", "L", "Navy", "24.00", "https://schema.org/InStock"),
        ("TEE-M-RED", "M", "Red", "20.00", "https://schema.org/OutOfStock"),
    ]
    assert group["hasVariant"][1]["offers"]["url"].endswith("/?variant=TEE-L-NAVY")


def test_a_product_without_choices_stays_a_plain_product(client, category, warehouse):
    mug = make_product(category, name="Mug", sku="MUG")
    set_stock(mug, warehouse, 2)

    types = [data["@type"] for data in json_ld(client.get(mug.get_absolute_url()))]

    assert "Product" in types and "ProductGroup" not in types


def test_the_sitemap_lists_a_product_with_variants_once(client, tee):
    sitemap = client.get("/sitemap-products.xml").content.decode()

    assert sitemap.count("<loc>") == 1
    assert sitemap.count(tee.get_absolute_url()) == 1
    assert "variant=" not in sitemap


def test_a_card_shows_the_price_range_the_colours_and_asks_for_a_choice(client, tee, category):
    response = client.get(category.get_absolute_url())

    [card] = response.content.decode().split('<article class="product-card">')[1:]
    card = card.split("</article>")[0]
    assert "from €20.00" in card
    assert 'aria-label="Navy"' in card and 'aria-label="Red"' in card
    assert "Choose</a>" in card and 'action="/cart/add/"' not in card


def test_a_card_of_a_product_without_choices_is_unchanged(client, category, warehouse):
    mug = make_product(category, name="Mug", price="9.00")
    set_stock(mug, warehouse, 2)

    card = client.get(category.get_absolute_url()).content.decode()

    assert "from €" not in card and 'aria-label="Colours"' not in card
    assert 'action="/cart/add/"' in card
