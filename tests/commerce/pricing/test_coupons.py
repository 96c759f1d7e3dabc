"""The one evaluation of a coupon, and its wording: exact amounts and sentences."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.coupons.exceptions import (
    BelowMinimum,
    CustomerLimitReached,
    ExpiredCoupon,
    UnknownCoupon,
)
from commerce.pricing.coupons import coupon_problem, coupon_refusal, coupon_terms, evaluate_coupon
from commerce.pricing.prices import price_line
from tests.fixtures.catalog import make_product
from tests.fixtures.orders import make_coupon, make_delivery_method, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(category):
    return [price_line(make_product(category, price="7.25"), 2)]  # 14.50


def test_a_percentage_with_the_delivery_chosen(lines):
    make_coupon("TEN", kind="percentage", value="10")

    applied = evaluate_coupon(" ten ", lines, delivery_method=make_delivery_method(price="4.90"))

    assert applied.coupon.code == "TEN"
    assert applied.discount == Decimal("1.45")
    totals = applied.totals
    assert (totals.subtotal, totals.delivery, totals.discount, totals.total) == (
        Decimal("14.50"),
        Decimal("4.90"),
        Decimal("1.45"),
        Decimal("17.95"),
    )


def test_free_delivery_takes_nothing_off_before_a_delivery_is_chosen(lines):
    make_coupon("SHIP", kind="free_delivery", value="0")

    in_cart = evaluate_coupon("SHIP", lines)
    at_checkout = evaluate_coupon("SHIP", lines, delivery_method=make_delivery_method())

    assert (in_cart.discount, in_cart.totals.total) == (Decimal("0.00"), Decimal("14.50"))
    assert (at_checkout.discount, at_checkout.totals.total) == (Decimal("4.90"), Decimal("14.50"))


def test_an_unknown_code_whatever_finds_it(lines):
    with pytest.raises(UnknownCoupon) as by_default:
        evaluate_coupon(" nope ", lines)
    with pytest.raises(UnknownCoupon) as by_a_finder:
        evaluate_coupon(" nope ", lines, find=lambda code: None)

    assert by_default.value.coupon_code == by_a_finder.value.coupon_code == "NOPE"


def test_the_rules_without_other_rows_are_checked(lines):
    make_coupon("BIG", kind="fixed", value="5", minimum_subtotal=Decimal("50.00"))
    make_coupon("OLD", kind="fixed", value="5", valid_until=timezone.now() - timedelta(days=1))

    with pytest.raises(BelowMinimum) as below:
        evaluate_coupon("BIG", lines)
    with pytest.raises(ExpiredCoupon):
        evaluate_coupon("OLD", lines)

    assert below.value.params == {"minimum": Decimal("50.00"), "subtotal": Decimal("14.50")}


def test_the_per_customer_limit_is_checked_only_for_a_known_email(product, methods):
    make_coupon("ONCE", kind="fixed", value="1.00", per_customer_limit=1)
    submit([(product, 1)], coupon_code="ONCE", expected_total="93.80", **methods)
    lines = [price_line(product, 1)]

    assert evaluate_coupon("ONCE", lines).discount == Decimal("1.00")
    assert evaluate_coupon("ONCE", lines, email="grace@example.com").discount == Decimal("1.00")
    with pytest.raises(CustomerLimitReached):
        evaluate_coupon("ONCE", lines, email="ADA@example.com")


def test_what_a_coupon_gives_in_words():
    assert [
        coupon_terms(make_coupon("P", kind="percentage", value="12.50")),
        coupon_terms(make_coupon("F", kind="fixed", value="1234.5")),
        coupon_terms(make_coupon("D", kind="free_delivery", value="0")),
    ] == ["12.5% off", "€1,234.50 off", "Free delivery"]


def test_why_a_coupon_cannot_be_used_in_words():
    error = BelowMinimum(coupon_code="SPRING", minimum=Decimal("50"), subtotal=Decimal("10"))

    assert coupon_refusal(error) == "Coupon SPRING needs a cart value of at least €50.00."
    assert coupon_problem("SPRING", "used_up", {}) == "Coupon SPRING has been used up"
    assert coupon_problem("X", "unknown", {}) == "There is no coupon X"
