from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from commerce.checkout.exceptions import CheckoutChanged, InvalidCheckout
from commerce.checkout.services import place_order
from commerce.coupons.models import Coupon
from commerce.orders.models import Order, OrderLineAllocation, OrderStatus
from commerce.stock.models import StockRecord
from tests.fixtures.accounts import VIENNA
from tests.fixtures.catalog import make_product, set_stock
from tests.fixtures.orders import make_coupon, order_request, submit

pytestmark = pytest.mark.django_db


def snapshot(order: Order) -> dict:
    """Everything an order shows later, read back from the database."""
    order = Order.objects.get(pk=order.pk)
    fields = {
        name: getattr(order, name)
        for name in [
            "status", "email", "name", "phone", "address_line1", "address_line2",
            "postal_code", "city", "country", "delivery_method_name", "delivery_cost",
            "payment_method_name", "payment_provider", "payment_state", "coupon_code",
            "discount", "subtotal", "total", "currency", "user_id",
        ]
    }  # fmt: skip
    fields["lines"] = [
        (line.product_name, line.sku, line.unit_price, line.quantity, line.line_total)
        for line in order.lines.all()
    ]
    fields["allocations"] = list(
        OrderLineAllocation.objects.filter(line__order=order).values_list(
            "line__sku", "warehouse__code", "quantity"
        )
    )
    fields["history"] = list(order.status_changes.values_list("from_status", "to_status", "note"))
    return fields


@pytest.fixture
def runner(category, warehouse):
    runner = make_product(category, name="Trail Runner", price="89.90", sku="RUN-1")
    set_stock(runner, warehouse, 12)
    return runner


@pytest.fixture
def socks(category, warehouse):
    socks = make_product(category, name="Wool Socks", price="4.55", sku="SOCKS-1")
    set_stock(socks, warehouse, 30)
    return socks


@pytest.fixture
def placed(runner, socks, methods):
    make_coupon("SAVE10", kind="percentage", value="10")
    # 89.90 + 2 × 4.55 = 99.00, below the free delivery at 100.00: + 4.90, - 10 % of 99.00
    return submit(
        [(runner, 1), (socks, 2)], coupon_code=" save10 ", expected_total="94.00", **methods
    )


EXPECTED = {
    "status": "new",
    "email": "ada@example.com",
    **VIENNA,
    "delivery_method_name": "Parcel",
    "delivery_cost": Decimal("4.90"),
    "payment_method_name": "Bank transfer",
    "payment_provider": "bank_transfer",
    "payment_state": "pending",
    "coupon_code": "SAVE10",
    "discount": Decimal("9.90"),
    "subtotal": Decimal("99.00"),
    "total": Decimal("94.00"),
    "currency": "EUR",
    "user_id": None,
    "lines": [
        ("Trail Runner", "RUN-1", Decimal("89.90"), 1, Decimal("89.90")),
        ("Wool Socks", "SOCKS-1", Decimal("4.55"), 2, Decimal("9.10")),
    ],
    "allocations": [("RUN-1", "main", 1), ("SOCKS-1", "main", 2)],
    "history": [("", "new", "Placed")],
}


def test_an_order_keeps_its_own_copy_of_everything(placed, runner, socks):
    assert snapshot(placed) == EXPECTED
    assert placed.number.startswith("SO-") and len(placed.number) == 11
    assert len(placed.access_token) >= 43
    assert placed.created_at is not None
    assert [line.product_id for line in placed.lines.all()] == [runner.pk, socks.pk]
    assert dict(StockRecord.objects.values_list("product__sku", "quantity")) == {
        "RUN-1": 11,
        "SOCKS-1": 28,
    }
    assert Coupon.objects.get().times_used == 1


def test_catalog_and_method_edits_and_deletions_change_no_order(
    placed, runner, socks, category, delivery_method, payment_method
):
    before = snapshot(placed)

    runner.name, runner.price, runner.sku = "Renamed", Decimal("1.00"), "NEW-SKU"
    runner.save_revision().publish()
    category.name = "Boots"
    category.save()
    delivery_method.name, delivery_method.price = "Courier", Decimal("20.00")
    delivery_method.save()
    Coupon.objects.update(value=Decimal("50"))
    assert snapshot(placed) == before

    runner.delete()
    socks.delete()
    category.delete()
    delivery_method.delete()
    payment_method.delete()

    assert snapshot(placed) == before
    assert [line.product_id for line in placed.lines.all()] == [None, None]


def test_a_logged_in_shopper_owns_the_order_and_is_the_first_actor(product, methods):
    shopper = get_user_model().objects.create_user("ada", "ada@example.com", "pw")

    order = submit([(product, 1)], expected_total="94.80", user=shopper, **methods)

    assert order.user == shopper
    change = order.status_changes.get()
    assert (change.actor, change.actor_name, change.to_status) == (shopper, "ada", "new")


def test_delivery_is_free_from_its_threshold(product, methods):
    # 2 × 89.90 = 179.80 reaches the free-above 100.00 of the Parcel method.
    order = submit([(product, 2)], expected_total="179.80", **methods)

    assert (order.subtotal, order.delivery_cost, order.total) == (
        Decimal("179.80"),
        Decimal("0.00"),
        Decimal("179.80"),
    )


# key_unused: the caller vouches no order has the key (submit_checkout, under the checkout's
# lock); a wrong voucher still places nothing twice and reveals nothing (the unique key).
@pytest.mark.parametrize("key_unused", [False, True])
def test_the_same_checkout_submitted_twice_makes_one_order(product, methods, key_unused):
    request = order_request([(product, 1)], expected_total="94.80", **methods)

    first = place_order(**request)
    second = place_order(**request, key_unused=key_unused)

    assert second.pk == first.pk
    assert Order.objects.count() == 1
    assert StockRecord.objects.get().quantity == 11


@pytest.mark.parametrize("key_unused", [False, True])
def test_a_key_met_again_with_another_customer_reveals_no_order(product, methods, key_unused):
    request = order_request([(product, 1)], expected_total="94.80", **methods)
    place_order(**request)
    other = order_request(
        [(product, 1)],
        expected_total="94.80",
        email="mallory@example.com",
        idempotency_key=request["idempotency_key"],
        **methods,
    )

    with pytest.raises(InvalidCheckout) as error:
        place_order(**other, key_unused=key_unused)

    assert error.value.reason == "idempotency_key_reused"
    assert Order.objects.count() == 1
    assert StockRecord.objects.get().quantity == 11


def test_a_repeated_submit_returns_the_order_even_after_the_catalog_changed(product, methods):
    request = order_request([(product, 12)], expected_total="1078.80", **methods)
    first = place_order(**request)
    product.price = Decimal("99.00")
    product.save()

    assert place_order(**request).pk == first.pk
    assert StockRecord.objects.get().quantity == 0


def test_the_confirmation_is_mailed_only_after_commit(
    product, methods, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = submit([(product, 1)], expected_total="94.80", **methods)
        assert mail.outbox == []

    assert len(callbacks) == 2  # the mail task and orders' order_placed signal
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == f"Your order {order.number} at Storefront"
    assert f"1 × Trail Runner ({product.sku}) at €89.90: €89.90" in message.body
    assert "Total: €94.80" in message.body
    assert "Delivery (Parcel): €4.90" in message.body
    assert "1010 Vienna\nAustria\n" in message.body


def test_a_refused_order_mails_nothing(product, methods, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(CheckoutChanged),
    ):
        submit([(product, 13)], expected_total="1173.60", **methods)

    assert callbacks == []
    assert mail.outbox == []


def test_a_new_order_is_new_and_awaits_payment(product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    assert (order.status, order.payment_state) == (OrderStatus.NEW, "pending")


def test_staff_hear_when_an_order_leaves_a_product_low(
    category, warehouse, methods, settings, django_capture_on_commit_callbacks
):
    settings.SHOP_STOCK_ALERT_EMAILS = ["stock@example.com"]
    settings.SHOP_LOW_STOCK_THRESHOLD = 5
    product = make_product(category, name="Lamp", price="10.00")
    set_stock(product, warehouse, 8)

    with django_capture_on_commit_callbacks(execute=True):
        submit([(product, 2)], expected_total="24.90", **methods)
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]  # 6 left: not low yet

    with django_capture_on_commit_callbacks(execute=True):
        submit([(product, 3)], expected_total="34.90", **methods)
    alert = mail.outbox[-1]
    assert alert.to == ["stock@example.com"]
    assert f"{product.name} ({product.sku}): 3 left" in alert.body
