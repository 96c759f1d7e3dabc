"""Every refusal places nothing: no order, no stock taken, no coupon counted, no mail."""

from decimal import Decimal

import pytest
from django.core import mail

from commerce.catalog.models import ProductStatus
from commerce.checkout.exceptions import Change, CheckoutChanged, InvalidCheckout
from commerce.checkout.inputs import LineRequest
from commerce.checkout.services import place_order
from commerce.orders.models import Order, OrderLine, OrderStatusChange
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.orders import make_coupon, order_request, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(django_capture_on_commit_callbacks):
    """Run a submission that must be refused; return its changes and check nothing moved."""

    def run(lines, **kwargs) -> list[Change]:
        stock_before = dict(StockRecord.objects.values_list("pk", "quantity"))
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(CheckoutChanged) as refusal,
        ):
            submit(lines, **kwargs)
        assert dict(StockRecord.objects.values_list("pk", "quantity")) == stock_before
        assert (Order.objects.count(), OrderLine.objects.count()) == (0, 0)
        assert OrderStatusChange.objects.count() == 0
        assert (callbacks, mail.outbox) == ([], [])
        return refusal.value.changes

    return run


def test_a_changed_price_is_refused_with_both_prices(product, methods, refused):
    changes = refused([(product, 1)], prices={product: "79.90"}, expected_total="84.80", **methods)

    assert changes == [
        Change("price_changed", product.pk, {"old": Decimal("79.90"), "new": Decimal("89.90")})
    ]


def test_more_than_the_stock_is_refused_with_what_is_left(product, methods, refused):
    make_warehouse("closed", is_active=False)
    set_stock(product, make_warehouse("shut", is_active=False), 50)  # not sold

    changes = refused([(product, 13)], expected_total="1168.70", **methods)

    assert changes == [Change.out_of_stock(product.pk, requested=13, available=12)]


def test_a_product_without_any_stock_row_is_out_of_stock(category, methods, refused):
    bare = make_product(category, price="5.00")

    changes = refused([(bare, 1)], expected_total="9.90", **methods)

    assert changes == [Change.out_of_stock(bare.pk, requested=1, available=0)]


@pytest.mark.parametrize(
    "change",
    [
        {"status": ProductStatus.DISABLED},
        {"status": ProductStatus.HIDDEN},
        {"live": False},
    ],
    ids=["disabled", "hidden", "unpublished"],
)
def test_a_product_no_longer_buyable_is_unavailable(product, methods, refused, change):
    for name, value in change.items():
        setattr(product, name, value)
    product.save()

    assert refused([(product, 1)], expected_total="94.80", **methods) == [
        Change.unavailable(product.pk)
    ]


def test_a_product_in_a_switched_off_category_is_unavailable(methods, refused, warehouse):
    parent = make_category("Outdoor")
    child = make_category("Tents", parent=parent)
    tent = make_product(child, price="100.00")
    set_stock(tent, warehouse, 3)
    parent.is_active = False
    parent.save()

    assert refused([(tent, 1)], expected_total="100.00", **methods) == [Change.unavailable(tent.pk)]


def test_a_deleted_product_is_unavailable(product, methods, refused):
    request = order_request([(product, 1)], expected_total="94.80", **methods)
    product_id = product.pk
    product.delete()

    with pytest.raises(CheckoutChanged) as refusal:
        place_order(**request)

    assert refusal.value.changes == [Change.unavailable(product_id)]
    assert Order.objects.count() == 0


@pytest.mark.parametrize("product_id", [2**63, 2**70])
def test_a_product_id_no_row_can_have_is_unavailable_not_an_error(methods, product_id):
    request = order_request([], expected_total="5.00", **methods)
    request["lines"] = [LineRequest(product_id, 1, Decimal("1.00"))]

    with pytest.raises(CheckoutChanged) as refusal:
        place_order(**request)

    assert refusal.value.changes == [Change.unavailable(product_id)]
    assert Order.objects.count() == 0


def test_every_changed_line_is_reported_together(category, warehouse, methods, refused):
    cheaper = make_product(category, price="10.00")
    scarce = make_product(category, price="20.00")
    gone = make_product(category, price="30.00", status=ProductStatus.DISABLED)
    for item in (cheaper, scarce, gone):
        set_stock(item, warehouse, 1)

    changes = refused(
        [(cheaper, 1), (scarce, 2), (gone, 1)],
        prices={cheaper: "12.00"},
        expected_total="86.00",
        **methods,
    )

    assert changes == [
        Change.price_changed(cheaper.pk, old=Decimal("12.00"), new=Decimal("10.00")),
        Change.out_of_stock(scarce.pk, requested=2, available=1),
        Change.unavailable(gone.pk),
    ]


def test_a_changed_delivery_price_is_a_changed_total(product, methods, refused):
    methods["delivery_method"].price = Decimal("6.90")
    methods["delivery_method"].save()

    changes = refused([(product, 1)], expected_total="94.80", **methods)

    assert changes == [Change.total_changed(old=Decimal("94.80"), new=Decimal("96.80"))]


def test_a_tampered_total_is_refused(product, methods, refused):
    changes = refused([(product, 1)], expected_total="0.01", **methods)

    assert changes == [Change.total_changed(old=Decimal("0.01"), new=Decimal("94.80"))]


def test_a_switched_off_delivery_or_payment_method_is_refused(product, methods, refused):
    methods["delivery_method"].is_active = False
    methods["delivery_method"].save()
    methods["payment_method"].is_active = False
    methods["payment_method"].save()

    changes = refused([(product, 1)], expected_total="94.80", **methods)

    assert changes == [Change("delivery_unavailable"), Change("payment_unavailable")]


def test_a_refused_coupon_counts_nothing_and_takes_nothing(product, methods, refused):
    coupon = make_coupon("BIG", kind="fixed", value="5.00", minimum_subtotal="100.00")

    changes = refused([(product, 1)], coupon_code="big", expected_total="89.80", **methods)

    assert changes == [
        Change.coupon_invalid(
            coupon_code="BIG",
            reason="below_minimum",
            minimum=Decimal("100.00"),
            subtotal=Decimal("89.90"),
        )
    ]
    coupon.refresh_from_db()
    assert (coupon.times_used, coupon.redemptions.count()) == (0, 0)


@pytest.mark.parametrize(
    ("lines", "key", "reason"),
    [
        ([], "k", "no_lines"),
        ([(1, 0)], "k", "quantity"),
        ([(1, 1000)], "k", "quantity"),
        ([(1, "2")], "k", "quantity"),
        ([(1, True)], "k", "quantity"),
        ([(1, 1), (1, 2)], "k", "duplicate_product"),
        ([(1, 1)], "", "idempotency_key"),
        ([(1, 1)], "k" * 101, "idempotency_key"),
        ([("1", 1)], "k", "product_id"),
    ],
)
def test_a_malformed_submission_is_invalid(methods, lines, key, reason):
    request = order_request([], expected_total="1.00", idempotency_key="x", **methods)
    request["lines"] = [LineRequest(pk, quantity, Decimal("1.00")) for pk, quantity in lines]
    request["idempotency_key"] = key

    with pytest.raises(InvalidCheckout) as error:
        place_order(**request)

    assert (error.value.code, error.value.reason) == ("invalid_checkout", reason)
    assert Order.objects.count() == 0
