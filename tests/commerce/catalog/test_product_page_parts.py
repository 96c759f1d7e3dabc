"""A product page's gallery, buying part, attributes and description are rendered once per
catalog generation (commerce.catalog.product_page_cache.render_part) and filled in with each
visitor's own CSRF token and path."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from tests.fixtures.catalog import make_attribute, make_product, make_variants, set_stock

pytestmark = pytest.mark.django_db

PARTS = [
    "catalog/includes/product_gallery.html",
    "catalog/includes/product_buying.html",
    "catalog/includes/product_attributes.html",
    "catalog/includes/product_description.html",
]


@pytest.fixture
def tee(category, warehouse):
    product = make_product(category, name="Field tee", price="20.00", sku="FT")
    variants = make_variants(product, [make_attribute("Size", ["S", "M"])], ["S", "M"])
    for variant in variants.values():
        set_stock(variant, warehouse, 4)
    return product


def rendered_parts(response) -> list[str]:
    return [template.name for template in response.templates if template.name in PARTS]


def next_paths(html: str) -> list[str]:
    return re.findall(r'name="next" value="([^"]*)"', html)


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)


def test_the_parts_are_rendered_once_and_each_visitor_gets_their_own_token_and_path(tee):
    first, second = Client(), Client()
    url = tee.get_absolute_url()

    built = first.get(url)
    kept = second.get(f"{url}?utm_source=mail&x=<b>")

    assert sorted(rendered_parts(built)) == sorted(PARTS)
    assert rendered_parts(kept) == []  # copied from the first
    assert "Field tee" in kept.text and 'name="option-size"' in kept.text
    assert set(next_paths(built.text)) == {url}
    assert set(next_paths(kept.text)) == {f"{url}?utm_source=mail&amp;x=%3Cb%3E"}
    first_tokens, second_tokens = set(csrf_tokens(built.text)), set(csrf_tokens(kept.text))
    assert first_tokens and second_tokens and not first_tokens & second_tokens
    assert second.cookies["csrftoken"].value  # the token in the page is this visitor's


def test_a_price_change_renders_the_parts_again(tee):
    client = Client()
    client.get(tee.get_absolute_url())

    tee.price = Decimal("18.00")
    tee.save()
    response = client.get(tee.get_absolute_url())

    assert sorted(rendered_parts(response)) == sorted(PARTS)
    assert "€18.00" in response.text and "€20.00" not in response.text
