"""Cancellations racing each other and racing new orders, on PostgreSQL with real threads."""

import pytest
from django.db.models import Sum

from commerce.checkout.exceptions import CheckoutChanged
from commerce.orders.exceptions import InvalidStatusTransition
from commerce.orders.models import Order, OrderLine, OrderStatus
from commerce.orders.services import cancel_order
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import make_coupon, run_together, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_staff_cancelling_one_order_return_its_stock_once(cash_methods):
    product = make_product(make_category("Shoes"), price="20.00")
    set_stock(product, make_warehouse("north", priority=1), 1)
    set_stock(product, make_warehouse("south", priority=2), 2)
    coupon = make_coupon("ONE", kind="fixed", value="1.00")
    order = submit([(product, 3)], coupon_code="ONE", expected_total="64.00", **cash_methods)

    results = run_together(5, lambda index: cancel_order(order=Order.objects.get(pk=order.pk)))

    cancelled = [result for result in results if isinstance(result, Order)]
    refused = [result for result in results if isinstance(result, InvalidStatusTransition)]
    assert (len(cancelled), len(refused)) == (1, 4)
    assert dict(StockRecord.objects.values_list("warehouse__code", "quantity")) == {
        "north": 1,
        "south": 2,
    }
    coupon.refresh_from_db()
    assert (coupon.times_used, coupon.redemptions.count()) == (0, 0)
    assert order.status_changes.filter(to_status=OrderStatus.CANCELLED).count() == 1


def test_a_cancellation_racing_new_orders_never_loses_or_invents_units(cash_methods):
    product = make_product(make_category("Shoes"), price="20.00")
    set_stock(product, make_warehouse("main"), 5)
    first = submit([(product, 5)], expected_total="105.00", **cash_methods)

    def act(index):
        if index == 0:
            return cancel_order(order=Order.objects.get(pk=first.pk))
        return submit(
            [(product, 1)], expected_total="25.00", email=f"s{index}@example.com", **cash_methods
        )

    results = run_together(7, act)

    assert all(isinstance(result, Order | CheckoutChanged) for result in results), results
    sold = (
        OrderLine.objects.exclude(order__status=OrderStatus.CANCELLED).aggregate(
            units=Sum("quantity")
        )["units"]
        or 0
    )
    remaining = StockRecord.objects.get().quantity
    assert remaining >= 0
    assert sold + remaining == 5
