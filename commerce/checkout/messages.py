"""Words for the shopper when `place_order` refused: what changed since they reviewed."""

from commerce.checkout.exceptions import Change
from commerce.pricing.coupons import coupon_problem
from commerce.pricing.money import format_money

LINE_CHANGES = frozenset({"price_changed", "out_of_stock", "unavailable", "coupon_invalid"})


def is_cart_change(change: Change) -> bool:
    """Changes the cart page shows line by line (it re-checks the cart itself)."""
    return change.code in LINE_CHANGES


def describe(change: Change) -> str:
    params = change.params
    if change.code == "total_changed":
        return (
            f"The total changed from {format_money(params['old'])} to "
            f"{format_money(params['new'])}. Please check it and place the order again."
        )
    if change.code == "delivery_unavailable":
        return "The delivery method you chose is no longer available: please choose another."
    if change.code == "payment_unavailable":
        return "The payment method you chose is no longer available: please choose another."
    if change.code == "coupon_invalid":
        return f"{coupon_problem(params['coupon_code'], params['reason'], params)}."
    return "Your cart changed since you reviewed it."
