"""Why an order was not placed. Every refusal places nothing and changes nothing."""

from dataclasses import dataclass, field
from decimal import Decimal


class CheckoutError(Exception):
    code = "checkout_error"


class InvalidCheckout(CheckoutError):
    """A malformed submission (no lines, a bad quantity, no idempotency key): a bug in the
    caller or a tampered form, never something a shopper is shown as a change."""

    code = "invalid_checkout"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CartNotCurrent(CheckoutError):
    """The cart differs from what the shopper was last shown (a price, a line's stock, a
    product no longer sold, the coupon): nothing was placed; the cart page shows what changed
    (`commerce.cart.services.sync_cart`)."""

    code = "cart_not_current"


@dataclass(frozen=True)
class Change:
    """One difference between what the shopper reviewed and what the shop holds now.

    Codes: price_changed (old, new), out_of_stock (requested, available), unavailable,
    delivery_unavailable, payment_unavailable, coupon_invalid (coupon_code, reason: the
    coupon error's code, and its details such as the minimum),
    total_changed (old, new).
    """

    code: str
    product_id: int | None = None
    params: dict = field(default_factory=dict)
    # Which of the product's variants (None: not known); the product names the change.
    variant_id: int | None = field(default=None, compare=False)

    @classmethod
    def price_changed(
        cls, product_id: int, *, old: Decimal, new: Decimal, variant_id: int | None = None
    ) -> "Change":
        return cls("price_changed", product_id, {"old": old, "new": new}, variant_id)

    @classmethod
    def out_of_stock(
        cls, product_id: int, *, requested: int, available: int, variant_id: int | None = None
    ) -> "Change":
        params = {"requested": requested, "available": available}
        return cls("out_of_stock", product_id, params, variant_id)

    @classmethod
    def unavailable(cls, product_id: int, *, variant_id: int | None = None) -> "Change":
        return cls("unavailable", product_id, variant_id=variant_id)

    @classmethod
    def coupon_invalid(cls, *, coupon_code: str, reason: str, **details) -> "Change":
        return cls(
            "coupon_invalid", params={"coupon_code": coupon_code, "reason": reason, **details}
        )

    @classmethod
    def total_changed(cls, *, old: Decimal, new: Decimal) -> "Change":
        return cls("total_changed", params={"old": old, "new": new})


class CheckoutChanged(CheckoutError):
    """Something differs from what the shopper reviewed: nothing was placed; show the changes
    and let them review again."""

    code = "checkout_changed"

    def __init__(self, changes: list[Change]):
        super().__init__(", ".join(change.code for change in changes))
        self.changes = changes

    @property
    def codes(self) -> list[str]:
        return [change.code for change in self.changes]
