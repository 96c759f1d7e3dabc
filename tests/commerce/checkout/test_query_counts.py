"""place_order costs a fixed number of queries plus a fixed number per line, whatever the size
of the catalog, the stock table or the order history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.catalog import make_product, make_warehouse, set_stock
from tests.fixtures.orders import make_coupon, submit

pytestmark = pytest.mark.django_db

# In a test, place_order's transaction is a savepoint (2 statements a real request does not
# send). Then: the idempotency check, delivery method, payment method, lock products, lock
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
