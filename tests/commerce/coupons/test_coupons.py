from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.utils import timezone

from commerce.checkout.exceptions import Change, CheckoutChanged
from commerce.coupons.exceptions import UnknownCoupon
from commerce.coupons.models import Coupon, CouponRedemption
from commerce.coupons.validation import find_coupon
from commerce.orders.models import Order
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_category, make_product, set_stock
from tests.fixtures.orders import make_coupon, submit

pytestmark = pytest.mark.django_db


def refusal_reason(product, methods, code, **kwargs) -> Change:
    """Submit one Trail Runner with coupon `code` (a 10.00 discount if it were taken)."""
    before = (StockRecord.objects.get(product=product).quantity, Order.objects.count())
    with pytest.raises(CheckoutChanged) as refusal:
        submit([(product, 1)], coupon_code=code, expected_total="84.80", **methods, **kwargs)
    assert (StockRecord.objects.get(product=product).quantity, Order.objects.count()) == before
    [change] = refusal.value.changes
    assert change.code == "coupon_invalid"
    return change.params["reason"]


def test_codes_are_stored_in_capitals_and_unique_in_any_case():
    coupon = make_coupon(" summer10 ")

    assert coupon.code == "SUMMER10"
    assert find_coupon("Summer10") == coupon
    with pytest.raises(IntegrityError):
        Coupon.objects.bulk_create([Coupon(code="summer10", kind="fixed", value=1)])


def test_an_unknown_code_is_refused():
    with pytest.raises(UnknownCoupon) as error:
        find_coupon("nope")

    assert (error.value.code, error.value.coupon_code, str(error.value)) == (
        "unknown",
        "NOPE",
        "There is no coupon NOPE.",
    )


def test_a_fixed_coupon_is_taken_in_any_case_and_counted(product, methods):
    coupon = make_coupon("TEN", kind="fixed", value="10.00")

    order = submit([(product, 1)], coupon_code="ten", expected_total="84.80", **methods)

    coupon.refresh_from_db()
    assert (order.coupon_code, order.discount, order.total) == (
        "TEN",
        Decimal("10.00"),
        Decimal("84.80"),
    )
    redemption = CouponRedemption.objects.get()
    assert (redemption.coupon, redemption.order, redemption.email) == (
        coupon,
        order,
        "ada@example.com",
    )
    assert coupon.times_used == 1


def test_a_free_delivery_coupon_takes_off_the_delivery(product, methods):
    make_coupon("SHIPFREE", kind="free_delivery", value="0")

    order = submit([(product, 1)], coupon_code="shipfree", expected_total="89.90", **methods)

    assert (order.delivery_cost, order.discount, order.total) == (
        Decimal("4.90"),
        Decimal("4.90"),
        Decimal("89.90"),
    )


def test_a_category_coupon_discounts_only_lines_below_its_category(product, methods, warehouse):
    gear = make_category("Gear")
    tents = make_category("Tents", parent=gear)
    tent = make_product(tents, price="40.00")
    set_stock(tent, warehouse, 5)
    make_coupon("GEAR25", kind="percentage", value="25", categories=[gear])

    # 89.90 + 40.00 = 129.90, delivery free; 25 % of the tent only.
    order = submit(
        [(product, 1), (tent, 1)], coupon_code="GEAR25", expected_total="119.90", **methods
    )

    assert order.discount == Decimal("10.00")


def test_unknown_inactive_and_dated_coupons_are_refused(product, methods):
    now = timezone.now()
    make_coupon("OFF", kind="fixed", value="10", is_active=False)
    make_coupon("OLD", kind="fixed", value="10", valid_until=now - timedelta(minutes=1))
    make_coupon("SOON", kind="fixed", value="10", valid_from=now + timedelta(hours=1))
    make_coupon(
        "NOW",
        kind="fixed",
        value="10",
        valid_from=now - timedelta(hours=1),
        valid_until=now + timedelta(hours=1),
    )

    assert refusal_reason(product, methods, "MISSING") == "unknown"
    assert refusal_reason(product, methods, "OFF") == "inactive"
    assert refusal_reason(product, methods, "OLD") == "expired"
    assert refusal_reason(product, methods, "SOON") == "not_yet_valid"
    assert submit([(product, 1)], coupon_code="NOW", expected_total="84.80", **methods).discount


def test_a_used_up_coupon_is_refused(product, methods):
    coupon = make_coupon("TWICE", kind="fixed", value="10", usage_limit=2)
    for email in ("a@example.com", "b@example.com"):
        submit([(product, 1)], coupon_code="TWICE", expected_total="84.80", email=email, **methods)

    assert refusal_reason(product, methods, "TWICE", email="c@example.com") == "used_up"
    coupon.refresh_from_db()
    assert (coupon.times_used, coupon.redemptions.count()) == (2, 2)


def test_a_coupon_below_its_minimum_is_refused(product, methods):
    make_coupon("BIG", kind="fixed", value="10", minimum_subtotal="89.91")
    make_coupon("EXACT", kind="fixed", value="10", minimum_subtotal="89.90")

    assert refusal_reason(product, methods, "BIG") == "below_minimum"
    assert submit([(product, 1)], coupon_code="EXACT", expected_total="84.80", **methods)


def test_the_per_customer_limit_counts_the_email_in_any_case(product, methods):
    coupon = make_coupon("ONCE", kind="fixed", value="10", per_customer_limit=1)
    submit([(product, 1)], coupon_code="ONCE", expected_total="84.80", **methods)

    assert refusal_reason(product, methods, "ONCE", email=" ADA@Example.com") == (
        "per_customer_limit"
    )
    submit(
        [(product, 1)],
        coupon_code="ONCE",
        expected_total="84.80",
        email="grace@example.com",
        **methods,
    )
    coupon.refresh_from_db()
    assert coupon.times_used == 2


def test_the_per_customer_limit_counts_the_account_under_any_email(product, methods):
    shopper = get_user_model().objects.create_user("ada", "ada@example.com", "pw")
    make_coupon("ONCE", kind="fixed", value="10", per_customer_limit=1)
    submit([(product, 1)], coupon_code="ONCE", expected_total="84.80", user=shopper, **methods)

    assert (
        refusal_reason(product, methods, "ONCE", email="other@example.com", user=shopper)
        == "per_customer_limit"
    )


def test_a_category_coupon_with_nothing_to_discount_is_refused(product, methods):
    make_coupon("HATS", kind="fixed", value="10", categories=[make_category("Hats")])

    assert refusal_reason(product, methods, "HATS") == "not_applicable"
