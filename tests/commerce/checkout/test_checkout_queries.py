"""The checkout's pages cost the same number of queries whatever the number of lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures.cart import post_add, stocked_product
from tests.fixtures.checkout import fill_checkout, reviewed_total

pytestmark = pytest.mark.django_db


def shop_queries(captured) -> int:
    """Queries of the shop's own work: the session's reads and writes are SQL only with the
    database session backend (with REDIS_URL they go to Redis), so they are left out."""
    return sum("django_session" not in query["sql"] for query in captured.captured_queries)


def review_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("checkout:review"))
    assert response.status_code == 200
    return shop_queries(captured)


def place_queries(client) -> int:
    total = reviewed_total(client)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("checkout:place"), {"expected_total": total})
    assert response.status_code == 302 and "/checkout/done/" in response.url
    return shop_queries(captured)


@pytest.fixture
def shelf(category, warehouse):
    return [stocked_product(category, warehouse, price="3.00", stock=50) for _ in range(6)]


@pytest.mark.parametrize("count", [1, 6])
def test_review_costs_a_fixed_count(client, shelf, methods, count):
    for product in shelf[:count]:
        post_add(client, product, 1)
    fill_checkout(client, **methods)
    review_queries(client)  # the first view records what the shopper saw
    assert review_queries(client) == REVIEW_QUERIES


@pytest.mark.parametrize("count", [1, 6])
def test_placing_costs_a_fixed_count_plus_one_per_line(client, shelf, methods, count):
    for product in shelf[:count]:
        post_add(client, product, 1)
    fill_checkout(client, **methods)
    assert place_queries(client) == PLACE_FIXED + count * PLACE_PER_LINE


REVIEW_QUERIES = 10
PLACE_FIXED = 29
PLACE_PER_LINE = 1
