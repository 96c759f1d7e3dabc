"""Whether a coupon may be used now, by this customer, on this cart.

The amount it takes off is computed by `commerce.pricing` from the rules checked here.
"""

from datetime import datetime
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q

from commerce.catalog.models import Category
from commerce.coupons import exceptions
from commerce.coupons.models import Coupon, CouponRedemption, normalise_code


def find_coupon(code: str) -> Coupon:
    """The coupon for a code typed in any case, or `UnknownCoupon`."""
    normalised = normalise_code(code)
    coupon = Coupon.objects.filter(code=normalised).first() if normalised else None
    if coupon is None:
        raise exceptions.UnknownCoupon(coupon_code=normalised)
    return coupon


def validate_coupon(coupon: Coupon, *, subtotal: Decimal, now: datetime) -> None:
    """The rules that need no other rows: active, dates, total uses, minimum cart value."""
    code = coupon.code
    if not coupon.is_active:
        raise exceptions.InactiveCoupon(coupon_code=code)
    if coupon.valid_from is not None and now < coupon.valid_from:
        raise exceptions.CouponNotYetValid(coupon_code=code, valid_from=coupon.valid_from)
    if coupon.valid_until is not None and now >= coupon.valid_until:
        raise exceptions.ExpiredCoupon(coupon_code=code, valid_until=coupon.valid_until)
    if coupon.usage_limit is not None and coupon.times_used >= coupon.usage_limit:
        raise exceptions.CouponUsedUp(coupon_code=code)
    if subtotal < coupon.minimum_subtotal:
        raise exceptions.BelowMinimum(
            coupon_code=code, minimum=coupon.minimum_subtotal, subtotal=subtotal
        )


def customer_use_count(coupon: Coupon, *, email: str, user=None) -> int:
    """Uses by this e-mail address (any case) or, when logged in, this account."""
    same_customer = Q(email=email.strip().lower())
    if user is not None and user.pk is not None:
        same_customer |= Q(user=user)
    return CouponRedemption.objects.filter(same_customer, coupon=coupon).count()


def validate_customer(coupon: Coupon, *, email: str, user=None) -> None:
    """The per-customer limit (one query, only when the coupon has such a limit)."""
    if coupon.per_customer_limit is None:
        return
    if customer_use_count(coupon, email=email, user=user) >= coupon.per_customer_limit:
        raise exceptions.CustomerLimitReached(
            coupon_code=coupon.code, limit=coupon.per_customer_limit
        )


def eligible_category_ids(coupon: Coupon) -> frozenset[int] | None:
    """The categories whose products the coupon discounts, descendants included; None: all.

    Two queries at most (the chosen categories, then their subtrees by stored path).
    """
    chosen = list(coupon.categories.only("pk", "path"))
    if not chosen:
        return None
    subtrees = reduce(or_, (Category.objects.subtree_of(category) for category in chosen))
    return frozenset(subtrees.values_list("pk", flat=True))
