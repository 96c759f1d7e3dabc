from decimal import Decimal

import pytest

from commerce.coupons.models import CouponRedemption
from commerce.orders.models import OrderLineAllocation, OrderStatus
from commerce.orders.services import cancel_order, change_order_status
from tests.fixtures.catalog import make_product, make_warehouse, set_stock, stock_by_warehouse
from tests.fixtures.orders import make_coupon, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(category):
    product = make_product(category, price="10.00")
    set_stock(product, make_warehouse("near", priority=1), 2)
    set_stock(product, make_warehouse("mid", priority=2), 3)
    set_stock(product, make_warehouse("far", priority=3), 10)
    return product


def test_cancelling_returns_every_unit_to_its_warehouse(spread, product, methods):
    order = submit([(spread, 7), (product, 2)], expected_total="249.80", **methods)
    assert stock_by_warehouse(spread) == {"near": 0, "mid": 0, "far": 8}
    assert stock_by_warehouse(product) == {"main": 10}

    cancel_order(order=order, note="Customer called")

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert stock_by_warehouse(spread) == {"near": 2, "mid": 3, "far": 10}
    assert stock_by_warehouse(product) == {"main": 12}
    assert OrderLineAllocation.objects.filter(line__order=order).count() == 4  # kept as history
    assert list(order.status_changes.values_list("from_status", "to_status", "note")) == [
        ("", "new", "Placed"),
        ("new", "cancelled", "Customer called"),
    ]


def test_cancelling_a_paid_order_returns_its_stock_and_keeps_it_paid(product, methods):
    order = submit([(product, 3)], expected_total="269.70", **methods)
    change_order_status(order=order, to=OrderStatus.PAID)

    cancel_order(order=order)

    order.refresh_from_db()
    assert (order.status, order.payment_state) == ("cancelled", "paid")
    assert stock_by_warehouse(product) == {"main": 12}


def test_cancelling_releases_the_coupon_use(product, methods):
    coupon = make_coupon("ONCE", kind="fixed", value="10.00", usage_limit=1, per_customer_limit=1)
    order = submit([(product, 1)], coupon_code="ONCE", expected_total="84.80", **methods)
    coupon.refresh_from_db()
    assert (coupon.times_used, CouponRedemption.objects.count()) == (1, 1)

    cancel_order(order=order)

    coupon.refresh_from_db()
    assert (coupon.times_used, CouponRedemption.objects.count()) == (0, 0)
    # The same shopper may use it again, and the order keeps its copy of the discount.
    again = submit([(product, 1)], coupon_code="once", expected_total="84.80", **methods)
    order.refresh_from_db()
    assert (order.coupon_code, order.discount) == ("ONCE", Decimal("10.00"))
    assert again.discount == Decimal("10.00")


def test_a_line_whose_product_was_deleted_returns_nothing(product, category, methods):
    kept = make_product(category, price="5.00")
    set_stock(kept, make_warehouse("north"), 4)
    order = submit([(product, 1), (kept, 1)], expected_total="99.80", **methods)
    product.delete()

    cancel_order(order=order)

    assert stock_by_warehouse(kept) == {"north": 4}
    assert order.lines.filter(product__isnull=True).count() == 1


def test_units_go_back_to_a_warehouse_switched_off_since(product, warehouse, methods):
    order = submit([(product, 2)], expected_total="179.80", **methods)
    warehouse.is_active = False
    warehouse.save()

    cancel_order(order=order)

    assert stock_by_warehouse(product) == {"main": 12}
