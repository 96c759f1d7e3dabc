"""Real races on PostgreSQL: each shopper is a thread with its own connection, all released
together by a barrier once connected. Only committed data is shared, as in production."""

from decimal import Decimal

import pytest

from commerce.checkout.exceptions import Change, CheckoutChanged
from commerce.coupons.models import Coupon, CouponRedemption
from commerce.orders.models import Order, OrderLineAllocation
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import make_coupon, run_together, submit

pytestmark = pytest.mark.django_db(transaction=True)


def split(results) -> tuple[list[Order], list[CheckoutChanged]]:
    orders = [result for result in results if isinstance(result, Order)]
    refusals = [result for result in results if isinstance(result, CheckoutChanged)]
    assert len(orders) + len(refusals) == len(results), results  # nothing else went wrong
    return orders, refusals


def twenty_shoppers_buy_one(product, shop) -> tuple[list[Order], list[CheckoutChanged]]:
    """Twenty shoppers at once, each submitting one unit of `product` at 25.00 all told."""
    results = run_together(
        20,
        lambda index: submit(
            [(product, 1)],
            expected_total="25.00",
            email=f"shopper{index}@example.com",
            **shop["methods"],
        ),
    )
    return split(results)


@pytest.fixture
def shop(cash_methods):
    category = make_category("Shoes")
    return {
        "category": category,
        "methods": cash_methods,
    }


def test_twenty_shoppers_for_the_last_unit_make_exactly_one_order(shop):
    product = make_product(shop["category"], price="20.00")
    set_stock(product, make_warehouse("main"), 1)

    orders, refusals = twenty_shoppers_buy_one(product, shop)
    assert len(orders) == 1
    assert [refusal.changes for refusal in refusals] == 19 * [
        [Change.out_of_stock(product.pk, requested=1, available=0)]
    ]
    assert StockRecord.objects.get().quantity == 0
    assert Order.objects.count() == 1
    assert list(OrderLineAllocation.objects.values_list("quantity", flat=True)) == [1]


def test_twenty_shoppers_for_five_units_in_three_warehouses_buy_exactly_five(shop):
    product = make_product(shop["category"], price="20.00")
    set_stock(product, make_warehouse("north", priority=1), 2)
    set_stock(product, make_warehouse("south", priority=2), 2)
    set_stock(product, make_warehouse("east", priority=3), 1)

    orders, refusals = twenty_shoppers_buy_one(product, shop)
    assert (len(orders), len(refusals)) == (5, 15)
    assert {change.code for refusal in refusals for change in refusal.changes} == {"out_of_stock"}
    assert dict(StockRecord.objects.values_list("warehouse__code", "quantity")) == {
        "north": 0,
        "south": 0,
        "east": 0,
    }
    sold = {}
    for code, quantity in OrderLineAllocation.objects.values_list("warehouse__code", "quantity"):
        sold[code] = sold.get(code, 0) + quantity
    assert sold == {"north": 2, "south": 2, "east": 1}
    assert Order.objects.count() == 5


def test_a_coupon_limited_to_three_uses_discounts_exactly_three_of_ten_racing_orders(shop):
    warehouse = make_warehouse("main")
    products = []
    for _ in range(10):  # different products, so only the coupon row is shared
        product = make_product(shop["category"], price="20.00")
        set_stock(product, warehouse, 5)
        products.append(product)
    make_coupon("THREE", kind="fixed", value="2.00", usage_limit=3)

    results = run_together(
        10,
        lambda index: submit(
            [(products[index], 1)],
            coupon_code="three",
            expected_total="23.00",
            email=f"shopper{index}@example.com",
            **shop["methods"],
        ),
    )

    orders, refusals = split(results)
    assert len(orders) == 3
    assert all(order.discount == Decimal("2.00") for order in orders)
    assert [refusal.changes for refusal in refusals] == 7 * [
        [Change.coupon_invalid(coupon_code="THREE", reason="used_up")]
    ]
    assert Coupon.objects.get().times_used == 3
    assert CouponRedemption.objects.count() == 3
    assert sorted(StockRecord.objects.values_list("quantity", flat=True)) == 3 * [4] + 7 * [5]


def test_orders_locking_the_same_products_in_opposite_order_both_complete(shop):
    warehouse = make_warehouse("main")
    first = make_product(shop["category"], price="10.00")
    second = make_product(shop["category"], price="30.00")
    set_stock(first, warehouse, 100)
    set_stock(second, warehouse, 100)

    def buy(index):
        lines = [(first, 1), (second, 1)] if index % 2 else [(second, 1), (first, 1)]
        return submit(
            lines, expected_total="45.00", email=f"s{index}@example.com", **shop["methods"]
        )

    results = run_together(10, buy)

    orders, refusals = split(results)
    assert (len(orders), refusals) == (10, [])
    assert sorted(StockRecord.objects.values_list("quantity", flat=True)) == [90, 90]


def test_the_same_checkout_submitted_at_once_makes_one_order(shop):
    product = make_product(shop["category"], price="20.00")
    set_stock(product, make_warehouse("main"), 1)

    results = run_together(
        8,
        lambda index: submit(
            [(product, 1)], expected_total="25.00", idempotency_key="one-click", **shop["methods"]
        ),
    )

    orders, refusals = split(results)
    assert refusals == []
    assert {order.pk for order in orders} == {Order.objects.get().pk}
    assert StockRecord.objects.get().quantity == 0


def test_one_shopper_racing_a_once_per_customer_coupon_gets_it_once(shop):
    warehouse = make_warehouse("main")
    products = []
    for _ in range(5):
        product = make_product(shop["category"], price="20.00")
        set_stock(product, warehouse, 5)
        products.append(product)
    make_coupon("WELCOME", kind="fixed", value="2.00", per_customer_limit=1)

    results = run_together(
        5,
        lambda index: submit(
            [(products[index], 1)],
            coupon_code="WELCOME",
            expected_total="23.00",
            email="ADA@example.com" if index % 2 else "ada@example.com",
            **shop["methods"],
        ),
    )

    orders, refusals = split(results)
    assert len(orders) == 1
    assert [refusal.changes for refusal in refusals] == 4 * [
        [Change.coupon_invalid(coupon_code="WELCOME", reason="per_customer_limit", limit=1)]
    ]
    assert CouponRedemption.objects.count() == 1
