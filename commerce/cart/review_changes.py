"""What the cart review found changed since the shopper last saw the cart, each with its
message (money and coupon wording come from `commerce.pricing`).

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

from commerce.coupons.exceptions import CouponError
from commerce.pricing.coupons import coupon_problem
from commerce.pricing.money import format_money


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
