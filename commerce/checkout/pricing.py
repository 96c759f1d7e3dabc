"""Money for a cart or an order, from database values only.

Every amount here comes from rows the shop holds (product prices, the delivery method, the
coupon); what a shopper's browser sends is only ever compared with these, never used. All
amounts are `Decimal`, rounded to cents half-up.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from commerce.catalog.models import Product
from commerce.checkout.models import DeliveryMethod
from commerce.coupons.exceptions import NotApplicable
from commerce.coupons.models import Coupon, CouponKind

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PricedLine:
    product: Product
    quantity: int
    unit_price: Decimal
    line_total: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    delivery: Decimal
    discount: Decimal
    total: Decimal


def price_line(product: Product, quantity: int) -> PricedLine:
    unit_price = money(product.price)
    return PricedLine(product, quantity, unit_price, money(unit_price * quantity))


def subtotal_of(lines: list[PricedLine]) -> Decimal:
    return money(sum((line.line_total for line in lines), ZERO))


def delivery_cost(method: DeliveryMethod, *, subtotal: Decimal) -> Decimal:
    """The method's price, or nothing once the cart's value before discount reaches
    `free_above`."""
    if method.free_above is not None and subtotal >= method.free_above:
        return ZERO
    return money(method.price)


def coupon_discount(
    coupon: Coupon,
    *,
    lines: list[PricedLine],
    delivery: Decimal,
    category_ids: frozenset[int] | None,
) -> Decimal:
    """What the coupon takes off; never more than what it applies to.

    `category_ids` limits it to lines in those categories (None: every line); a coupon limited
    to categories with no such line in the cart raises `NotApplicable`.
    """
    eligible = (
        lines
        if category_ids is None
        else [line for line in lines if line.product.category_id in category_ids]
    )
    if not eligible:
        raise NotApplicable(coupon_code=coupon.code)
    base = subtotal_of(eligible)
    if coupon.kind == CouponKind.PERCENTAGE:
        return min(money(base * coupon.value / 100), base)
    if coupon.kind == CouponKind.FIXED:
        return min(money(coupon.value), base)
    return delivery  # free delivery


def compute_totals(
    *,
    lines: list[PricedLine],
    delivery_method: DeliveryMethod,
    coupon: Coupon | None = None,
    category_ids: frozenset[int] | None = None,
) -> Totals:
    subtotal = subtotal_of(lines)
    delivery = delivery_cost(delivery_method, subtotal=subtotal)
    discount = ZERO
    if coupon is not None:
        discount = coupon_discount(
            coupon, lines=lines, delivery=delivery, category_ids=category_ids
        )
    return Totals(subtotal, delivery, discount, subtotal + delivery - discount)
