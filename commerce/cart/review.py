"""The cart as the shop sees it now: lines re-priced from the database, status, stock and the
coupon re-checked, and every difference from what the shopper last saw listed as a change.

`plan_review` only computes; `commerce.cart.services.sync_cart` writes the fixes it plans and
`commerce.cart.selectors.cart_is_current` asks whether there is anything to fix.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from commerce.cart.changes import CartChange, coupon_terms
from commerce.cart.models import MAX_QUANTITY, Cart, CartLine
from commerce.catalog.models import Product
from commerce.checkout.pricing import ZERO, PricedLine, coupon_discount, price_line, subtotal_of
from commerce.coupons.exceptions import CouponError
from commerce.coupons.models import Coupon
from commerce.coupons.validation import (
    eligible_category_ids,
    find_coupon,
    validate_coupon,
    validate_customer,
)
from commerce.stock.availability import Availability, availability_of


@dataclass(frozen=True)
class ReviewLine:
    product: Product
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    availability: Availability

    @property
    def max_quantity(self) -> int:
        """The most a shopper may ask for on this line now."""
        return min(self.availability.quantity, MAX_QUANTITY)


@dataclass(frozen=True)
class CartReview:
    """Prices, discount and total from database values only; `changes` since last seen."""

    changes: list[CartChange] = field(default_factory=list)
    lines: list[ReviewLine] = field(default_factory=list)
    subtotal: Decimal = ZERO
    discount: Decimal = ZERO
    total: Decimal = ZERO
    coupon_code: str = ""
    coupon_terms: str = ""

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def priced_lines(self) -> list[PricedLine]:
        return [
            PricedLine(line.product, line.quantity, line.unit_price, line.line_total)
            for line in self.lines
        ]


@dataclass
class ReviewPlan:
    """A review and the writes that make the stored cart match it."""

    review: CartReview
    removed_line_ids: list[int]
    updated_lines: list[CartLine]
    coupon_code: str
    coupon_terms: str

    def changes_cart(self, cart: Cart) -> bool:
        return (self.coupon_code, self.coupon_terms) != (cart.coupon_code, cart.seen_coupon_terms)


def evaluate_coupon(
    code: str, priced: list[PricedLine], *, now: datetime, user=None
) -> tuple[Coupon, Decimal]:
    """The coupon for `code` and what it takes off these lines, or a `CouponError`.

    Delivery is chosen at checkout, so a free-delivery coupon takes nothing off here. The
    per-customer limit is checked for a logged-in shopper (a guest's at checkout, by e-mail).
    """
    coupon = find_coupon(code)
    validate_coupon(coupon, subtotal=subtotal_of(priced), now=now)
    if user is not None:
        validate_customer(coupon, email=user.email or "", user=user)
    discount = coupon_discount(
        coupon, lines=priced, delivery=ZERO, category_ids=eligible_category_ids(coupon)
    )
    return coupon, discount


@dataclass
class LinesCheck:
    """The lines re-checked: what changed, which rows go, which rows to update, what stays."""

    changes: list[CartChange]
    removed_line_ids: list[int]
    updated_lines: list[CartLine]
    kept: list[ReviewLine]

    @property
    def priced(self) -> list[PricedLine]:
        return [
            PricedLine(line.product, line.quantity, line.unit_price, line.line_total)
            for line in self.kept
        ]


def check_lines(lines: list[CartLine]) -> LinesCheck:
    """Compare each line (loaded by `selectors.cart_lines`) with the product row now.

    Lines of products no longer buyable or out of stock go; quantities above the stock are
    lowered to it; each line is shown at the product's price now, which becomes the price
    seen. The `CartLine` objects are changed in memory only.
    """
    check = LinesCheck([], [], [], [])
    for line in lines:
        product = line.product
        if product is None or not product.is_buyable:
            check.changes.append(CartChange.unavailable(line))
            check.removed_line_ids.append(line.pk)
            continue
        availability = availability_of(product)
        if not availability.in_stock:
            check.changes.append(CartChange.out_of_stock(line))
            check.removed_line_ids.append(line.pk)
            continue
        priced = price_line(product, min(line.quantity, availability.quantity))
        dirty = False
        if priced.unit_price != line.seen_unit_price:
            check.changes.append(
                CartChange.price_changed(line, old=line.seen_unit_price, new=priced.unit_price)
            )
            line.seen_unit_price = priced.unit_price
            dirty = True
        if priced.quantity != line.quantity:
            check.changes.append(
                CartChange.quantity_lowered(
                    line, requested=line.quantity, available=availability.quantity
                )
            )
            line.quantity = priced.quantity
            dirty = True
        if line.product_name != product.name:
            line.product_name = product.name
            dirty = True
        if dirty:
            check.updated_lines.append(line)
        check.kept.append(
            ReviewLine(product, priced.quantity, priced.unit_price, priced.line_total, availability)
        )
    return check


def plan_review(cart: Cart, lines: list[CartLine], *, now: datetime, user=None) -> ReviewPlan:
    """The cart as it is now and what to write so the stored cart matches it: the lines
    re-checked (`check_lines`), then the coupon re-checked against the lines that stay and
    dropped when it no longer holds."""
    check = check_lines(lines)
    changes = list(check.changes)
    priced = check.priced
    subtotal = subtotal_of(priced)
    discount = ZERO
    code, terms = cart.coupon_code, cart.seen_coupon_terms
    if code:
        try:
            coupon, discount = evaluate_coupon(code, priced, now=now, user=user)
        except CouponError as error:
            changes.append(CartChange.coupon_removed(error))
            code, terms = "", ""
        else:
            terms = coupon_terms(coupon)
            if terms != cart.seen_coupon_terms:
                changes.append(
                    CartChange.coupon_changed(
                        coupon_code=code, old=cart.seen_coupon_terms, new=terms
                    )
                )
    review = CartReview(
        changes=changes,
        lines=check.kept,
        subtotal=subtotal,
        discount=discount,
        total=subtotal - discount,
        coupon_code=code,
        coupon_terms=terms,
    )
    return ReviewPlan(review, check.removed_line_ids, check.updated_lines, code, terms)
