"""What the order will cost, for the review step: the reviewed cart plus the chosen delivery
and the coupon checked against the shopper's e-mail. Database values only."""

from dataclasses import dataclass
from decimal import Decimal

from commerce.cart.review import CartReview
from commerce.checkout.models import Checkout
from commerce.coupons.exceptions import CouponError
from commerce.pricing.coupons import evaluate_coupon
from commerce.pricing.prices import compute_totals


@dataclass(frozen=True)
class CheckoutQuote:
    review: CartReview
    subtotal: Decimal
    delivery: Decimal
    discount: Decimal
    total: Decimal
    coupon_code: str
    coupon_error: CouponError | None = None


def quote_checkout(review: CartReview, *, checkout: Checkout, user=None) -> CheckoutQuote:
    """Totals with the checkout's delivery method. A coupon the shopper may not use (their
    per-customer limit, known only now that the e-mail is) comes back as `coupon_error` and
    the totals leave it out."""
    user = user if user is not None and user.is_authenticated else None
    lines = review.priced_lines
    method = checkout.delivery_method
    if review.coupon_code:
        try:
            applied = evaluate_coupon(
                review.coupon_code,
                lines,
                delivery_method=method,
                email=checkout.email,
                user=user,
            )
        except CouponError as error:
            totals = compute_totals(lines=lines, delivery_method=method)
            return _quote(review, totals, coupon_code="", coupon_error=error)
        return _quote(review, applied.totals, coupon_code=applied.coupon.code)
    return _quote(review, compute_totals(lines=lines, delivery_method=method), coupon_code="")


def _quote(review, totals, *, coupon_code: str, coupon_error=None) -> CheckoutQuote:
    return CheckoutQuote(
        review=review,
        subtotal=totals.subtotal,
        delivery=totals.delivery,
        discount=totals.discount,
        total=totals.total,
        coupon_code=coupon_code,
        coupon_error=coupon_error,
    )
