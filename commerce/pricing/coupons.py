"""Coupons in pricing: the one evaluation of a coupon for a customer and their lines, and the
words that tell a shopper what a coupon gives or why it cannot be used."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

from commerce.coupons.exceptions import CouponError, UnknownCoupon
from commerce.coupons.models import Coupon, CouponKind, normalise_code
from commerce.coupons.validation import (
    eligible_category_ids,
    find_coupon,
    validate_coupon,
    validate_customer,
)
from commerce.pricing.money import format_money
from commerce.pricing.prices import PricedLine, Totals, compute_totals, subtotal_of


@dataclass(frozen=True)
class AppliedCoupon:
    coupon: Coupon
    totals: Totals  # with the coupon's discount

    @property
    def discount(self) -> Decimal:
        return self.totals.discount


def evaluate_coupon(
    code: str,
    lines: list[PricedLine],
    *,
    now: datetime | None = None,
    delivery_method=None,
    email: str | None = None,
    user=None,
    find: Callable[[str], Coupon | None] = find_coupon,
) -> AppliedCoupon:
    """The coupon for `code` (any case) and the totals with it, or a `CouponError`.

    Every rule is checked: active, dates, total uses, minimum cart value, the per-customer
    limit (only when `email` is known: a guest's is checked at checkout) and the categories it
    applies to. Without a `delivery_method` (the cart, before one is chosen) a free-delivery
    coupon takes nothing off. `find` loads the coupon (None or `UnknownCoupon`: no such code);
    `place_order` passes `commerce.coupons.locks.lock_coupon` to check the rules under the
    coupon's row lock.
    """
    coupon = find(code)
    if coupon is None:
        raise UnknownCoupon(coupon_code=normalise_code(code))
    validate_coupon(coupon, subtotal=subtotal_of(lines), now=now or timezone.now())
    if email is not None:
        validate_customer(coupon, email=email, user=user)
    totals = compute_totals(
        lines=lines,
        delivery_method=delivery_method,
        coupon=coupon,
        category_ids=eligible_category_ids(coupon),
    )
    return AppliedCoupon(coupon, totals)


def coupon_value(coupon: Coupon) -> str:
    """What a coupon takes off: "10%", "€5.00"; "" for free delivery."""
    if coupon.kind == CouponKind.PERCENTAGE:
        return f"{coupon.value.normalize():f}%"
    if coupon.kind == CouponKind.FIXED:
        return format_money(coupon.value)
    return ""


def coupon_terms(coupon: Coupon) -> str:
    """What a coupon gives, in words: "10% off", "€5.00 off", "Free delivery"."""
    value = coupon_value(coupon)
    return f"{value} off" if value else "Free delivery"


PROBLEMS = {
    "unknown": "There is no coupon {code}",
    "inactive": "Coupon {code} is no longer valid",
    "expired": "Coupon {code} expired",
    "used_up": "Coupon {code} has been used up",
    "per_customer_limit": "You have already used coupon {code} as often as it allows",
    "not_applicable": "Coupon {code} does not apply to anything in your cart",
}


def coupon_problem(code: str, reason: str, params: dict) -> str:
    """Why coupon `code` cannot be used (`reason`: a `CouponError` code), without a full stop:
    "Coupon SPRING expired"."""
    if reason == "not_yet_valid":
        valid_from = params.get("valid_from")
        when = date_format(timezone.localtime(valid_from), "j F Y, H:i") if valid_from else ""
        return f"Coupon {code} is not valid yet" + (f" (valid from {when})" if when else "")
    if reason == "below_minimum":
        return f"Coupon {code} needs a cart value of at least {format_money(params['minimum'])}"
    return PROBLEMS.get(reason, "Coupon {code} cannot be used").format(code=code)


def coupon_refusal(error: CouponError) -> str:
    """The message for a coupon the shopper typed and the shop refused."""
    return coupon_problem(error.coupon_code, error.code, error.params) + "."
