"""What lines, delivery and an order cost, from database values only.

Every amount comes from rows the shop holds (the purchase policy's unit price, the delivery
method, the coupon); what a shopper's browser sends is only ever compared with these, never
used.
"""

from dataclasses import dataclass
from decimal import Decimal

from commerce.catalog.models import Product, ProductVariant
from commerce.catalog.purchase import price_of
from commerce.coupons.exceptions import NotApplicable
from commerce.coupons.models import Coupon, CouponKind
from commerce.pricing.money import ZERO, money


@dataclass(frozen=True)
class PricedLine:
    product: Product
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    variant: ProductVariant | None = None  # what is bought: the product's only one if None


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    delivery: Decimal
    discount: Decimal
    total: Decimal


def unit_price(product: Product, variant: ProductVariant | None = None) -> Decimal:
    return money(price_of(product, variant))


def price_line(
    product: Product, quantity: int, variant: ProductVariant | None = None
) -> PricedLine:
    price = unit_price(product, variant)
    return PricedLine(product, quantity, price, money(price * quantity), variant)


def subtotal_of(lines: list[PricedLine]) -> Decimal:
    return money(sum((line.line_total for line in lines), ZERO))


def delivery_cost(method, *, subtotal: Decimal) -> Decimal:
    """A delivery method's price (`price`, `free_above`), or nothing once the cart's value
    before discount reaches `free_above`; nothing without a method (none chosen yet)."""
    if method is None:
        return ZERO
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
    delivery_method=None,
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
