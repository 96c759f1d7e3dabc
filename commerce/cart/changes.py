"""What changed in a cart since the shopper last saw it, and the words that tell them.

A change names the product (by the name the shopper was last shown, so a removed product is
still recognisable) and carries the data of its message; codes:

- ``price_changed`` (old, new): the line is now shown at the new price;
- ``quantity_lowered`` (requested, available): fewer units in stock than the line asked for;
- ``unavailable``: the product is no longer sold (disabled, hidden, unpublished, deleted);
- ``out_of_stock``: no unit left;
- ``coupon_removed`` (coupon_code, reason: the coupon error's code, and its details);
- ``coupon_changed`` (coupon_code, old, new): the coupon now gives something else.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from commerce.checkout.pricing import money
from commerce.coupons.exceptions import CouponError
from commerce.coupons.models import Coupon, CouponKind


def format_money(amount: Decimal) -> str:
    """Decimal("1234.5") -> "1,234.50 EUR", as the storefront's `money` filter shows it."""
    return f"{money(amount):,.2f} {settings.SHOP_CURRENCY}"


def coupon_terms(coupon: Coupon) -> str:
    """What a coupon gives, in words: "10% off", "5.00 EUR off", "Free delivery"."""
    if coupon.kind == CouponKind.PERCENTAGE:
        return f"{coupon.value.normalize():f}% off"
    if coupon.kind == CouponKind.FIXED:
        return f"{format_money(coupon.value)} off"
    return "Free delivery"


def coupon_problem(code: str, reason: str, params: dict) -> str:
    """Why coupon `code` cannot be used, without a full stop: "Coupon SPRING expired"."""
    if reason == "unknown":
        return f"There is no coupon {code}"
    if reason == "inactive":
        return f"Coupon {code} is no longer valid"
    if reason == "expired":
        return f"Coupon {code} expired"
    if reason == "not_yet_valid":
        valid_from = params.get("valid_from")
        when = date_format(timezone.localtime(valid_from), "j F Y, H:i") if valid_from else ""
        return f"Coupon {code} is not valid yet" + (f" (valid from {when})" if when else "")
    if reason == "used_up":
        return f"Coupon {code} has been used up"
    if reason == "below_minimum":
        return f"Coupon {code} needs a cart value of at least {format_money(params['minimum'])}"
    if reason == "per_customer_limit":
        return f"You have already used coupon {code} as often as it allows"
    if reason == "not_applicable":
        return f"Coupon {code} does not apply to anything in your cart"
    return f"Coupon {code} cannot be used"


def coupon_refusal(error: CouponError) -> str:
    """The message for a coupon the shopper typed and the shop refused."""
    return coupon_problem(error.coupon_code, error.code, error.params) + "."


@dataclass(frozen=True)
class CartChange:
    code: str
    product_id: int | None = None
    product_name: str = ""
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        params = self.params
        if self.code == "price_changed":
            return (
                f"Price changed from {format_money(params['old'])} to {format_money(params['new'])}"
            )
        if self.code == "quantity_lowered":
            available = params["available"]
            return f"Only {available} left: quantity lowered to {available}"
        if self.code == "unavailable":
            return "No longer available: removed"
        if self.code == "out_of_stock":
            return "Out of stock: removed"
        if self.code == "coupon_removed":
            code, reason = params["coupon_code"], params["reason"]
            if reason == "unknown":
                return f"Coupon {code} no longer exists: removed"
            return f"{coupon_problem(code, reason, params)}: removed"
        if self.code == "coupon_changed":
            return f"Coupon {params['coupon_code']} now gives {params['new']} (was {params['old']})"
        return self.code

    def __str__(self):
        return f"{self.product_name}: {self.message}" if self.product_name else self.message

    @classmethod
    def price_changed(cls, line, *, old: Decimal, new: Decimal) -> "CartChange":
        return cls("price_changed", line.product_id, line.product_name, {"old": old, "new": new})

    @classmethod
    def quantity_lowered(cls, line, *, requested: int, available: int) -> "CartChange":
        params = {"requested": requested, "available": available}
        return cls("quantity_lowered", line.product_id, line.product_name, params)

    @classmethod
    def unavailable(cls, line) -> "CartChange":
        return cls("unavailable", line.product_id, line.product_name)

    @classmethod
    def out_of_stock(cls, line) -> "CartChange":
        return cls("out_of_stock", line.product_id, line.product_name)

    @classmethod
    def coupon_removed(cls, error: CouponError) -> "CartChange":
        params = {**error.params, "coupon_code": error.coupon_code, "reason": error.code}
        return cls("coupon_removed", params=params)

    @classmethod
    def coupon_changed(cls, *, coupon_code: str, old: str, new: str) -> "CartChange":
        return cls("coupon_changed", params={"coupon_code": coupon_code, "old": old, "new": new})
