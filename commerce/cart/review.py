"""The cart as the shop sees it now: lines re-priced from the database, status, stock and the
coupon re-checked, and every difference from what the shopper last saw listed as a change.

`plan_review` only computes; `commerce.cart.services.sync_cart` writes the fixes it plans and
`commerce.cart.selectors.cart_is_current` asks whether there is anything to fix.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from commerce.cart.models import Cart, CartLine
from commerce.cart.review_changes import CartChange
from commerce.catalog.models import Product, ProductVariant
from commerce.catalog.purchase import PurchaseOption, purchase_option
from commerce.coupons.exceptions import CouponError
from commerce.pricing.coupons import AppliedCoupon, coupon_terms, evaluate_coupon
from commerce.pricing.money import ZERO
from commerce.pricing.prices import PricedLine, price_line, subtotal_of
from commerce.stock.availability import Availability


@dataclass(frozen=True)
class ReviewLine:
    product: Product
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    option: PurchaseOption

    @property
    def variant(self) -> ProductVariant:
        return self.option.variant

    @property
    def options_label(self) -> str:
        """ "Size: M, Colour: Navy"; empty for a product without choices."""
        return self.option.variant.options_label if self.option.variant is not None else ""

    @property
    def availability(self) -> Availability:
        return self.option.availability

    @property
    def max_quantity(self) -> int:
        """The most a shopper may ask for on this line now."""
        return self.option.max_quantity


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
            PricedLine(line.product, line.quantity, line.unit_price, line.line_total, line.variant)
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

    def writes(self, cart: Cart) -> bool:
        """Whether the stored cart needs any fix to match the review."""
        return bool(self.removed_line_ids or self.updated_lines or self.changes_cart(cart))


def cart_coupon(code: str, priced: list[PricedLine], *, now: datetime, user=None) -> AppliedCoupon:
    """The coupon for `code` on these lines, or a `CouponError`.

    Delivery is chosen at checkout, so a free-delivery coupon takes nothing off here. The
    per-customer limit is checked for a logged-in shopper (a guest's at checkout, by e-mail).
    """
    email = (user.email or "") if user is not None else None
    return evaluate_coupon(code, priced, now=now, email=email, user=user)


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
            PricedLine(line.product, line.quantity, line.unit_price, line.line_total, line.variant)
            for line in self.kept
        ]


def check_lines(lines: list[CartLine]) -> LinesCheck:
    """Compare each line (loaded by `selectors.cart_lines`) with the product and variant rows
    now.

    Lines the purchase policy says cannot be bought go (no longer sold, variant deleted, out
    of stock); quantities above the variant's stock are lowered to it; each line is shown at
    the variant's price now, which becomes the price seen. The `CartLine` objects are changed
    in memory only.
    """
    check = LinesCheck([], [], [], [])
    for line in lines:
        product, variant = line.product, line.variant
        option = (
            purchase_option(product, variant=variant)
            if product is not None and variant is not None
            else None
        )
        if option is None or not option.is_buyable:
            check.changes.append(CartChange.unavailable(line))
            check.removed_line_ids.append(line.pk)
            continue
        availability = option.availability
        if not availability.in_stock:
            check.changes.append(CartChange.out_of_stock(line))
            check.removed_line_ids.append(line.pk)
            continue
        priced = price_line(product, min(line.quantity, availability.quantity), variant)
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
            ReviewLine(product, priced.quantity, priced.unit_price, priced.line_total, option)
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
            applied = cart_coupon(code, priced, now=now, user=user)
        except CouponError as error:
            changes.append(CartChange.coupon_removed(error))
            code, terms = "", ""
        else:
            discount = applied.discount
            terms = coupon_terms(applied.coupon)
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
