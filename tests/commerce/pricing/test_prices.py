from decimal import Decimal

import pytest

from commerce.coupons.exceptions import NotApplicable
from commerce.coupons.validation import eligible_category_ids
from commerce.pricing.money import money
from commerce.pricing.prices import compute_totals, coupon_discount, delivery_cost, price_line
from tests.fixtures.catalog import make_category, make_product
from tests.fixtures.orders import make_coupon, make_delivery_method

pytestmark = pytest.mark.django_db


def test_money_rounds_half_up_to_cents():
    assert [money(v) for v in ("0.005", "0.015", "2.675", "-0.005", 3)] == [
        Decimal("0.01"),
        Decimal("0.02"),
        Decimal("2.68"),
        Decimal("-0.01"),
        Decimal("3.00"),
    ]


def test_delivery_is_free_from_the_threshold_on_the_value_before_discount():
    method = make_delivery_method(price="4.90", free_above="50.00")
    never_free = make_delivery_method("Courier", price="9.00")

    assert delivery_cost(method, subtotal=Decimal("49.99")) == Decimal("4.90")
    assert delivery_cost(method, subtotal=Decimal("50.00")) == Decimal("0.00")
    assert delivery_cost(never_free, subtotal=Decimal("10000.00")) == Decimal("9.00")


def test_a_percentage_is_rounded_half_up_on_the_lines_it_applies_to(category):
    lines = [price_line(make_product(category, price="3.35"), 1)]  # 15 % = 0.5025
    coupon = make_coupon(kind="percentage", value="15")

    assert coupon_discount(coupon, lines=lines, delivery=Decimal("4.90"), category_ids=None) == (
        Decimal("0.50")
    )


def test_a_fixed_amount_never_exceeds_what_it_applies_to(category):
    lines = [price_line(make_product(category, price="7.25"), 2)]
    coupon = make_coupon(kind="fixed", value="20.00")

    assert coupon_discount(coupon, lines=lines, delivery=Decimal("4.90"), category_ids=None) == (
        Decimal("14.50")
    )


def test_free_delivery_takes_off_exactly_the_delivery(category):
    lines = [price_line(make_product(category, price="7.25"), 1)]
    coupon = make_coupon(kind="free_delivery", value="0")

    totals = compute_totals(
        lines=lines, delivery_method=make_delivery_method(price="4.90"), coupon=coupon
    )

    assert (totals.subtotal, totals.delivery, totals.discount, totals.total) == (
        Decimal("7.25"),
        Decimal("4.90"),
        Decimal("4.90"),
        Decimal("7.25"),
    )


def test_a_category_coupon_applies_to_its_subtree_only():
    clothing = make_category("Clothing")
    shirts = make_category("Shirts", parent=clothing)
    linen = make_category("Linen", parent=shirts)
    clothing_sale = make_category("Clothing-sale")  # shares the prefix, not the subtree
    lines = [
        price_line(make_product(linen, price="40.00"), 1),
        price_line(make_product(clothing, price="10.00"), 1),
        price_line(make_product(clothing_sale, price="100.00"), 1),
    ]
    coupon = make_coupon(kind="percentage", value="50", categories=[shirts])

    category_ids = eligible_category_ids(coupon)

    assert category_ids == frozenset({shirts.pk, linen.pk})
    assert coupon_discount(
        coupon, lines=lines, delivery=Decimal("0"), category_ids=category_ids
    ) == Decimal("20.00")


def test_a_category_coupon_without_a_matching_line_does_not_apply(category):
    elsewhere = make_category("Hats")
    lines = [price_line(make_product(category, price="40.00"), 1)]
    coupon = make_coupon(kind="fixed", value="5", categories=[elsewhere])

    with pytest.raises(NotApplicable) as error:
        coupon_discount(
            coupon, lines=lines, delivery=Decimal("0"), category_ids=eligible_category_ids(coupon)
        )

    assert error.value.code == "not_applicable"
