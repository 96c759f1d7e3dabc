"""Reads of carts, with everything the cart page and the review use loaded here."""

from django.db.models import Sum
from django.utils import timezone

from commerce.cart.models import Cart, CartLine
from commerce.cart.review import plan_review
from commerce.catalog.product_reads import load_pictures
from commerce.catalog.selectors import CARD_RENDITION
from commerce.queries import PreparedQuery, PreparedRead
from commerce.shoppers import identity
from commerce.stock.availability import sellable_quantity_expression


def variant_quantity_expression():
    """The sellable units of a line's variant, as a subquery inside the lines' own query."""
    return sellable_quantity_expression("variant", outer="variant_id")


# A cart reads no product descriptions or search data.
DEFERRED_PRODUCT_FIELDS = ("description", "search_vector")


# Its SQL is built once per process (commerce.queries): building it was most of the Python
# work of the read, made by the cart page, the review and again by the order's locked re-check.
_LINES = PreparedQuery(
    lambda cart_id: (
        CartLine.objects.filter(cart_id=cart_id)
        .select_related("variant", "product__category")
        .defer(*(f"product__{name}" for name in DEFERRED_PRODUCT_FIELDS))
        .annotate(variant_quantity=variant_quantity_expression())
        .order_by("created_at", "pk")
    ),
    slot=-1,
)


def cart_lines(cart: Cart, *, images: bool = False) -> list[CartLine]:
    """The cart's lines in the order they were added, each with its product (or None once
    deleted) and the product's category, its variant (or None once deleted) with the
    variant's own sellable quantity, and with `images` the product's pictures with their card
    renditions. One query (two more for pictures), whatever the number of lines.

    A line is checked and priced by its variant (a line without one is no longer sold), so
    the products' own stock over all their variants is not read."""
    lines = _LINES.objects(cart.pk)
    for line in lines:
        if line.variant is not None:
            line.variant.sellable_quantity = line.variant_quantity
            if line.product is not None:
                line.variant.product = line.product
    if images:
        products = [line.product for line in lines if line.product is not None]
        load_pictures(products, (CARD_RENDITION,))
    return lines


def cart_is_current(cart: Cart) -> bool:
    """True when the shopper has seen the cart as it is now: every line at its current price
    and within stock, nothing unavailable, the coupon valid as shown. The checkout places
    nothing until this holds; `services.sync_cart` (the cart page) makes it hold."""
    cart = Cart.objects.select_related("user").filter(pk=cart.pk).first()
    if cart is None:
        return False
    plan = plan_review(cart, cart_lines(cart), now=timezone.now(), user=cart.user)
    return not plan.review.changes


# The header's count, per account and per guest token: its SQL is built once (queries.py).
_ACCOUNT_UNITS = PreparedRead(
    lambda user_id: (
        CartLine.objects.filter(cart__user_id=user_id)
        .order_by()
        .values("cart_id")
        .annotate(units=Sum("quantity"))
        .values_list("units")
    ),
    slot=-1,
)
_GUEST_UNITS = PreparedRead(
    lambda token: (
        CartLine.objects.filter(cart__guest_token=token, cart__user__isnull=True)
        .order_by()
        .values("cart_id")
        .annotate(units=Sum("quantity"))
        .values_list("units")
    ),
    slot="\x00guest token\x00",
)


def cart_item_count(request) -> int:
    """Units in the shopper's cart, for the header: no query for a guest without a cart, one
    otherwise (beyond the session and user lookups the request makes anyway)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        rows = _ACCOUNT_UNITS.rows(user.pk)
    else:
        token = identity.session_token(request)
        if token is None:
            return 0
        rows = _GUEST_UNITS.rows(token)
    return sum(units or 0 for (units,) in rows)
