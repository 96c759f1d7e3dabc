"""Counting and releasing coupon uses; both run inside the caller's transaction."""

from django.db.models import F, Q

from commerce.coupons.exceptions import CouponUsedUp
from commerce.coupons.models import Coupon, CouponRedemption


def redeem_coupon(*, coupon: Coupon, order, email: str, user=None) -> CouponRedemption:
    """Count one use of a coupon by an order.

    The caller holds the coupon's row lock (taken last, after the products and stock), so the
    limits it checked still hold; the counter update is guarded all the same, so even without
    the lock the total usage limit can never be exceeded.
    """
    within_limit = Q(usage_limit__isnull=True) | Q(times_used__lt=F("usage_limit"))
    counted = Coupon.objects.filter(within_limit, pk=coupon.pk).update(
        times_used=F("times_used") + 1
    )
    if counted != 1:
        raise CouponUsedUp(coupon_code=coupon.code)
    coupon.times_used += 1
    return CouponRedemption.objects.create(
        coupon=coupon,
        order=order,
        email=email.strip().lower(),
        user=user if user is not None and user.pk is not None else None,
    )


def release_coupon(*, order) -> bool:
    """Give back the coupon use of a cancelled order; False when it used none."""
    redemption = CouponRedemption.objects.filter(order=order).first()
    if redemption is None:
        return False
    redemption.delete()
    Coupon.objects.filter(pk=redemption.coupon_id, times_used__gt=0).update(
        times_used=F("times_used") - 1
    )
    return True
