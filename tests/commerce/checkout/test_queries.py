"""What the checkout costs in queries: its pages a fixed number whatever the number of lines,
and `place_order` a fixed number plus a fixed number per line, whatever the size of the
catalog, the stock table or the order history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures.cart import post_add, stocked_product
from tests.fixtures.catalog import make_product, make_warehouse, set_stock
from tests.fixtures.checkout import fill_checkout, reviewed_total
from tests.fixtures.orders import make_coupon, submit

pytestmark = pytest.mark.django_db

# The pages.


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
def test_the_review_page_costs_a_fixed_count(client, shelf, methods, count):
    for product in shelf[:count]:
        post_add(client, product, 1)
    fill_checkout(client, **methods)
    review_queries(client)  # the first view records what the shopper saw
    assert review_queries(client) == REVIEW_QUERIES


@pytest.mark.parametrize("count", [1, 6])
def test_the_place_order_page_costs_a_fixed_count_plus_one_per_line(client, shelf, methods, count):
    for product in shelf[:count]:
        post_add(client, product, 1)
    fill_checkout(client, **methods)
    assert place_queries(client) == PLACE_FIXED + count * PLACE_PER_LINE


# The cart with its checkout and chosen methods, the lines with their variants and products.
# Nothing locked, nothing written when nothing changed (the visit right after the payment
# step is activity recorded already: `steps.touch_interval`).
REVIEW_QUERIES = 2
PLACE_FIXED = 19
PLACE_PER_LINE = 1


# place_order itself. In a test, its transaction is a savepoint (2 statements a real request
# does not send). Then: the idempotency check, delivery method, payment method, lock products, lock
# stock rows, savepoint + insert order + release, insert lines, insert allocations, history.
FIXED = 2 + 11
PER_LINE = 1  # one guarded stock update (each line fits its first warehouse)
# lock the coupon, the customer's uses, its categories, count the use, insert the redemption
WITH_COUPON = 5


@pytest.fixture
def products(category, warehouse):
    spare = make_warehouse("spare", priority=50)
    products = []
    for _ in range(5):
        product = make_product(category, price="10.00")
        set_stock(product, warehouse, 100)
        set_stock(product, spare, 100)
        products.append(product)
    for _ in range(20):  # catalog and stock that take no part
        set_stock(make_product(category, price="1.00"), warehouse, 3)
    return products


def queries_for(lines, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        submit(lines, **kwargs)
    return len(captured.captured_queries)


def test_placing_costs_a_fixed_count_plus_one_per_line(products, methods):
    submit([(products[0], 1)], expected_total="14.90", **methods)  # history does not count

    one = queries_for([(products[0], 1)], expected_total="14.90", **methods)
    five = queries_for([(p, 2) for p in products], expected_total="100.00", **methods)

    assert (one, five) == (FIXED + 1 * PER_LINE, FIXED + 5 * PER_LINE) == (14, 18)


def test_a_coupon_adds_a_fixed_count(products, methods):
    make_coupon("ONE", kind="fixed", value="1.00", per_customer_limit=5, usage_limit=100)

    one = queries_for([(products[0], 1)], coupon_code="ONE", expected_total="13.90", **methods)
    five = queries_for(
        [(p, 1) for p in products], coupon_code="ONE", expected_total="53.90", **methods
    )

    assert (one, five) == (
        FIXED + WITH_COUPON + 1 * PER_LINE,
        FIXED + WITH_COUPON + 5 * PER_LINE,
    )


def test_a_line_split_over_two_warehouses_costs_one_more_update(products, methods):
    # 150 units: 100 from main, 50 from spare.
    assert queries_for([(products[0], 150)], expected_total="1500.00", **methods) == (
        FIXED + 2 * PER_LINE
    )
