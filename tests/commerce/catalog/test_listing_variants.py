"""Listings of products sold in variants: the chosen options and "in stock only" must hold for
one and the same variant; counts are of products; product-level attributes stay product-level."""

import pytest

from tests.fixtures.catalog import (
    make_attribute,
    make_product,
    make_tee,
    make_variants,
    option,
    set_stock,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rack(category, warehouse):
    """Four products:

    - Tee: size x colour, M Navy (3 units), L Navy (5), M Red (sold out); Cotton;
    - Polo: sizes only, M (sold out) and L (4); Red and Wool on the product itself;
    - Cap: no variants, Navy on the product, 2 units;
    - Hoodie: size x colour, S Red (2), M Navy (sold out); its product links also name size
      L, which no variant has (a variant attribute's options come from the variants).
    """
    size = make_attribute("Size", ["S", "M", "L"], position=0)
    colour = make_attribute("Colour", ["Navy", "Red"], position=1)
    material = make_attribute("Material", ["Cotton", "Wool"], position=2)
    tee = make_tee(category, warehouse, size, colour)
    _link(tee, option(material, "Cotton"))
    polo = make_product(category, name="Polo", price="30.00", sku="POLO")
    _link(polo, option(colour, "Red"), option(material, "Wool"))
    polo_sizes = make_variants(polo, [size], ["M", "L"])
    set_stock(polo_sizes["POLO-M"], warehouse, 0)
    set_stock(polo_sizes["POLO-L"], warehouse, 4)
    cap = make_product(category, name="Cap", price="15.00", sku="CAP")
    _link(cap, option(colour, "Navy"))
    set_stock(cap, warehouse, 2)
    hoodie = make_product(category, name="Hoodie", price="50.00", sku="HOODIE")
    _link(hoodie, option(size, "L"), option(colour, "Red"))
    hoodie_variants = make_variants(hoodie, [size, colour], [("S", "Red"), ("M", "Navy")])
    set_stock(hoodie_variants["HOODIE-S-RED"], warehouse, 2)
    set_stock(hoodie_variants["HOODIE-M-NAVY"], warehouse, 0)


def _link(product, *options):
    product.attribute_options.set(options)
    product.save()  # a ParentalManyToManyField is written on save


def get(client, category, **params):
    response = client.get(category.get_absolute_url(), {"sort": "name", **params})
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    return [card.product.name for card in response.context["listing"].cards]


def counts(response) -> dict[str, dict[str, int]]:
    return {
        facet.slug: {option.slug: option.count for option in facet.options if option.count}
        for facet in response.context["listing"].facets
    }


def test_counts_without_filters_come_from_the_variants_and_the_products(client, category, rack):
    response = get(client, category)

    assert names(response) == ["Cap", "Hoodie", "Polo", "Tee"]
    assert counts(response) == {
        # Hoodie's product-level "L" is not one of its sizes
        "size": {"s": 1, "m": 3, "l": 2},
        "colour": {"navy": 3, "red": 3},
        "material": {"cotton": 1, "wool": 1},
    }


def test_a_size_in_stock_is_that_sizes_stock_not_another_sizes(client, category, rack):
    response = get(client, category, size="m", in_stock="1")

    # Polo's M and Hoodie's M are sold out (their other sizes are not)
    assert names(response) == ["Tee"]
    assert response.context["listing"].total == 1
    assert counts(response) == {
        # each size in stock, with the stock filter and without the size's own choice
        "size": {"s": 1, "m": 1, "l": 2},
        # Tee's M Red is sold out: only its M Navy is a size M in stock
        "colour": {"navy": 1},
        "material": {"cotton": 1},
    }


def test_zero_count_options_are_hidden_unless_chosen(client, category, rack):
    response = get(client, category, size="m", in_stock="1")
    html = response.content.decode()

    assert 'name="colour" value="navy"' in html
    assert 'name="colour" value="red"' not in html
    assert 'name="size" value="m" checked' in html


def test_two_variant_attributes_must_be_one_variant(client, category, rack):
    response = get(client, category, size="m", colour="red")

    # Tee has M Red; Polo's M is red as the product is; Hoodie has M and Red, not M Red
    assert names(response) == ["Polo", "Tee"]
    assert counts(response) == {
        # sizes in red: Hoodie S Red, Tee M Red, Polo M and L (red itself)
        "size": {"s": 1, "m": 2, "l": 1},
        # colours of size M: Tee M Navy, Hoodie M Navy; Tee M Red, Polo M (red)
        "colour": {"navy": 2, "red": 2},
        "material": {"cotton": 1, "wool": 1},
    }


def test_every_choice_and_the_stock_on_one_variant(client, category, rack):
    response = get(client, category, size="m", colour="red", in_stock="1")

    assert names(response) == []
    assert response.context["listing"].total == 0
    assert "Clear filters" in response.content.decode()


def test_options_of_one_attribute_are_ored_across_variants(client, category, rack):
    assert names(get(client, category, size=["s", "l"])) == ["Hoodie", "Polo", "Tee"]
    assert names(get(client, category, size=["s", "l"], colour="navy")) == ["Tee"]


def test_a_product_level_attribute_stays_product_level(client, category, rack):
    response = get(client, category, colour="navy", in_stock="1")

    # Cap is navy itself and in stock; Hoodie's M Navy is sold out
    assert names(response) == ["Cap", "Tee"]
    assert counts(response)["size"] == {"m": 1, "l": 1}
    assert names(get(client, category, material="wool", size="m")) == ["Polo"]
    assert names(get(client, category, material="wool", size="m", in_stock="1")) == []


def test_in_stock_alone_counts_sizes_in_stock(client, category, rack):
    response = get(client, category, in_stock="1")

    assert names(response) == ["Cap", "Hoodie", "Polo", "Tee"]
    assert counts(response)["size"] == {"s": 1, "m": 1, "l": 2}
    assert counts(response)["colour"] == {"navy": 2, "red": 2}


def test_search_facets_follow_the_same_variant(client, rack):
    response = client.get("/search/", {"q": "tee", "size": "m", "in_stock": "1"})

    assert response.status_code == 200
    assert names(response) == ["Tee"]
    assert counts(response)["colour"] == {"navy": 1}
    sold_out = client.get("/search/", {"q": "tee", "size": "m", "colour": "red", "in_stock": "1"})
    assert names(sold_out) == []
