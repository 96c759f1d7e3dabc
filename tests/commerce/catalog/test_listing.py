"""Category listings: filters (OR inside an attribute, AND across), exact counts, price,
stock, sorting, pagination and forgiving query strings."""

import re
from decimal import Decimal

import pytest

from commerce.catalog.models import AttributeDefinition, AttributeOption, ProductStatus
from tests.fixtures.catalog import make_category, make_product, set_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def attributes(db):
    colour = AttributeDefinition.objects.create(name="Colour", slug="colour")
    size = AttributeDefinition.objects.create(name="Size", slug="size-eu")
    options = {}
    for definition, values in ((colour, ["Red", "Blue", "Green"]), (size, ["40", "42"])):
        for value in values:
            options[value] = AttributeOption.objects.create(
                definition=definition, value=value, slug=value.lower()
            )
    return options


@pytest.fixture
def shelf(category, warehouse, attributes):
    """Six boots under Shoes (one in a subcategory) with colours, sizes, prices and stock."""
    trail = make_category("Trail", parent=category)
    rows = [
        ("Red 40", category, "30.00", 5, ["Red", "40"]),
        ("Red 42", category, "50.00", 0, ["Red", "42"]),
        ("Blue 40", category, "70.00", 2, ["Blue", "40"]),
        ("Blue 42", trail, "90.00", 9, ["Blue", "42"]),
        ("Green 42", category, "110.00", 1, ["Green", "42"]),
        ("Plain", category, "10.00", 3, []),
    ]
    products = {}
    for name, where, price, stock, values in rows:
        product = make_product(where, name=name, price=price)
        product.attribute_options.set([attributes[v] for v in values])
        product.save()  # a ParentalManyToManyField is written on save
        set_stock(product, warehouse, stock)
        products[name] = product
    hidden = make_product(category, name="Hidden red", status=ProductStatus.HIDDEN)
    hidden.attribute_options.set([attributes["Red"]])
    hidden.save()
    return products


def names(response) -> list[str]:
    return [card.product.name for card in response.context["listing"].cards]


def counts(response) -> dict[str, dict[str, int]]:
    return {
        facet.slug: {option.slug: option.count for option in facet.options}
        for facet in response.context["listing"].facets
    }


def get(client, category, **params):
    response = client.get(category.get_absolute_url(), params)
    assert response.status_code == 200
    return response


def test_category_lists_its_subtree_without_hidden_products(client, category, shelf):
    response = get(client, category, sort="name")

    assert names(response) == ["Blue 40", "Blue 42", "Green 42", "Plain", "Red 40", "Red 42"]
    assert response.context["listing"].total == 6


def test_options_of_one_attribute_are_ored(client, category, shelf):
    response = get(client, category, colour=["red", "blue"], sort="name")

    assert names(response) == ["Blue 40", "Blue 42", "Red 40", "Red 42"]


def test_attributes_are_anded(client, category, shelf):
    response = get(client, category, colour=["red", "blue"], **{"size-eu": "42"}, sort="name")

    assert names(response) == ["Blue 42", "Red 42"]


def test_counts_are_exact_and_ignore_the_attributes_own_selection(client, category, shelf):
    response = get(client, category, colour="red", **{"size-eu": "42"})

    assert counts(response) == {
        # colours among size 42: Red 42, Blue 42, Green 42
        "colour": {"red": 1, "blue": 1, "green": 1},
        # sizes among red: Red 40, Red 42
        "size-eu": {"40": 1, "42": 1},
    }


def test_counts_follow_price_and_stock_filters(client, category, shelf):
    response = get(client, category, price_min="40", in_stock="1")

    assert names(response) and set(names(response)) == {"Blue 40", "Blue 42", "Green 42"}
    assert counts(response) == {
        "colour": {"red": 0, "blue": 2, "green": 1},
        "size-eu": {"40": 1, "42": 2},
    }


def test_price_range_is_inclusive_and_swapped_bounds_are_fixed(client, category, shelf):
    expected = ["Red 42", "Blue 40", "Blue 42"]

    assert names(get(client, category, price_min="50", price_max="90", sort="price")) == expected
    assert names(get(client, category, price_min="90", price_max="50", sort="price")) == expected


def test_in_stock_only(client, category, shelf):
    response = get(client, category, in_stock="1", sort="name")

    assert "Red 42" not in names(response)
    assert len(names(response)) == 5


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", ["Plain", "Red 40", "Red 42", "Blue 40", "Blue 42", "Green 42"]),
        ("-price", ["Green 42", "Blue 42", "Blue 40", "Red 42", "Red 40", "Plain"]),
        ("name", ["Blue 40", "Blue 42", "Green 42", "Plain", "Red 40", "Red 42"]),
        ("newest", ["Plain", "Green 42", "Blue 42", "Blue 40", "Red 42", "Red 40"]),
        # relevance without a query: in stock first, then newest
        ("relevance", ["Plain", "Green 42", "Blue 42", "Blue 40", "Red 40", "Red 42"]),
    ],
)
def test_sorts(client, category, shelf, sort, expected):
    assert names(get(client, category, sort=sort)) == expected


def test_pagination_and_page_size(client, category, shelf):
    first = get(client, category, sort="price", per_page="12")
    assert len(names(first)) == 6

    for index in range(20):
        make_product(category, name=f"Extra {index:02d}", price="200.00")
    page_two = get(client, category, sort="price", per_page="12", page="2")

    assert page_two.context["listing"].page.number == 2
    assert names(page_two) == [f"Extra {index:02d}" for index in range(6, 18)]
    assert 'href="?sort=price&amp;per_page=12&amp;page=3"' in page_two.text


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999"},
        {"price_min": "-5", "price_max": "abc"},
        {"price_min": "NaN", "price_max": "Infinity"},
        {"per_page": "7"},
        {"per_page": "many"},
        {"sort": "drop table"},
        {"colour": "purple"},
        {"unknown": "value"},
    ],
)
def test_bad_query_values_fall_back_and_never_fail(client, category, shelf, query):
    response = get(client, category, **query)

    assert len(names(response)) == 6


def test_empty_state_offers_to_clear_filters(client, category, shelf):
    response = get(client, category, price_min="5000")

    assert names(response) == []
    assert "No products match these filters." in response.text
    assert "Clear the filters" in response.text


def test_filter_state_is_a_shareable_url(client, category, shelf):
    response = get(client, category, colour="blue", in_stock="1")

    assert re.search(r'name="colour" value="blue" checked', response.text)
    assert re.search(r'name="in_stock" value="1" checked', response.text)


def test_attribute_slugs_cannot_shadow_listing_parameters(db):
    from django.core.exceptions import ValidationError

    definition = AttributeDefinition(name="Page", slug="page")
    with pytest.raises(ValidationError):
        definition.full_clean()


def test_prices_on_cards_come_from_the_database(client, category, shelf):
    response = get(client, category, sort="price")

    assert response.context["listing"].cards[0].product.price == Decimal("10.00")


def test_a_new_option_or_attribute_is_a_filter_at_once(client, category, shelf, attributes):
    get(client, category)  # the filterable attributes are cached from here on
    colour = attributes["Red"].definition
    black = AttributeOption.objects.create(definition=colour, value="Black", slug="black")
    shelf["Plain"].attribute_options.add(black)
    shelf["Plain"].save()
    colour.name = "Colour (EU)"
    colour.save()

    response = get(client, category, colour="black")

    assert names(response) == ["Plain"]
    assert counts(response)["colour"]["black"] == 1
    assert [facet.name for facet in response.context["listing"].facets] == ["Colour (EU)"]
