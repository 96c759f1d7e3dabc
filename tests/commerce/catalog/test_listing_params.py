"""The listing's query string is read with every number bounded and no money rounded."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from commerce.catalog.listing_params import MAX_PAGE, parse_listing_params


def parse(query: str):
    return parse_listing_params(QueryDict(query), known_options={})


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("", 1),
        ("page=2", 2),
        ("page=abc", 1),
        ("page=-3", 1),
        ("page=0", 1),
        ("page=2.5", 1),
        ("page=400000000000000000", MAX_PAGE),
        ("page=99999999999999999999", MAX_PAGE),
    ],
)
def test_the_page_number_is_a_whole_number_within_bounds(query, page):
    assert parse(query).page == page


@pytest.mark.parametrize(
    ("query", "price_min", "price_max"),
    [
        ("price_min=40&price_max=89.9", Decimal("40"), Decimal("89.9")),
        ("price_min=40.50&price_max=1e3", Decimal("40.50"), Decimal("1000")),
        # more than cents is not a price a shopper typed: no bound rather than a rounded one
        ("price_min=40.005&price_max=89.999", None, None),
        ("price_min=-1&price_max=1000000001", None, None),
        ("price_min=NaN&price_max=-Infinity", None, None),
    ],
)
def test_price_bounds_are_taken_as_given_or_ignored(query, price_min, price_max):
    params = parse(query)

    assert (params.price_min, params.price_max) == (price_min, price_max)
