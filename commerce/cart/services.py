"""Every change to a cart. Keyword-only arguments, one transaction each, the cart's row locked
first so two requests of one shopper never interleave; a refusal raises a `CartError` (or a
`CouponError`) and leaves the cart as it was.

Prices are never taken from the caller: lines remember the price the shopper was last shown
(`seen_unit_price`) only to tell them when it changed; amounts come from the product rows.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from commerce.cart.exceptions import (
    CartGone,
    ChoiceNeeded,
    EmptyCart,
    InvalidQuantity,
    LineNotFound,
    NotEnoughStock,
    ProductUnavailable,
    QuantityLimit,
)
from commerce.cart.locks import lock_cart, lock_carts
from commerce.cart.models import Cart, CartLine
from commerce.cart.review import CartReview, cart_coupon, check_lines, plan_review
from commerce.cart.selectors import cart_lines
from commerce.catalog.exceptions import VariantChoiceError
from commerce.catalog.models import Product, ProductVariant
from commerce.catalog.purchase import MAX_QUANTITY, purchase_option
from commerce.catalog.variants import choose_variant
from commerce.coupons.models import Coupon
from commerce.pricing.coupons import coupon_terms
from commerce.pricing.prices import unit_price
from commerce.queries import PreparedQuery
from commerce.stock.availability import with_sellable_quantity, with_variant_quantity

LINE_FIELDS = ["quantity", "seen_unit_price", "product_name"]


def add_line(
    *,
    cart: Cart,
    product_id: int,
    quantity: int,
    variant_id: int | None = None,
    option_ids: Iterable[int] = (),
) -> CartLine:
    """Add `quantity` units of a buyable product's chosen variant (to its line if there is
    one). The variant: `variant_id`, or the one with `option_ids` (one option of each variant
    attribute), or the product's only variant when it has one.

    Refused when the product is not buyable, when the choice is missing or does not exist,
    when the line would hold more than the variant's stock or than `MAX_QUANTITY`. A new line
    remembers the price now as seen (the shopper is told it when the line is added); an
    existing line keeps the price it was last shown at, so a change since then is still shown
    on the cart page. An unsaved `cart` (see `identity.cart_to_fill`) is saved here, inside
    the transaction.
    """
    quantity = _checked_quantity(quantity)
    _checked_id(product_id)
    if variant_id is not None:
        _checked_id(variant_id)
    option_ids = _checked_option_ids(option_ids)
    with transaction.atomic():
        cart = _lock(cart, create=True)
        product = _buyable_product(product_id)
        if product is None:
            raise ProductUnavailable(product_id)
        try:
            variant = choose_variant(product, variant_id=variant_id, option_ids=option_ids)
        except VariantChoiceError as error:
            raise ChoiceNeeded(error) from error
        line = (
            None  # a cart made just now has no line yet
            if getattr(cart, "just_created", False)
            else CartLine.objects.filter(cart=cart, variant=variant).first()
        )
        in_cart = line.quantity if line is not None else 0
        wanted = in_cart + quantity
        name = _named(product, variant)
        if wanted > MAX_QUANTITY:
            raise QuantityLimit(product_name=name, in_cart=in_cart)
        if wanted > variant.sellable_quantity:
            raise NotEnoughStock(
                product_name=name,
                requested=wanted,
                available=variant.sellable_quantity,
                in_cart=in_cart,
            )
        if line is None:
            line = CartLine.objects.create(
                cart=cart,
                product=product,
                variant=variant,
                product_name=product.name,
                quantity=quantity,
                seen_unit_price=unit_price(product, variant),
            )
        else:
            line.quantity = wanted
            line.product, line.variant = product, variant
            line.save(update_fields=["quantity"])
        _touch(cart)
    return line


def set_quantity(*, cart: Cart, variant_id: int, quantity: int) -> CartLine:
    """Set a line's quantity (the line of a variant); refused above the variant's stock or
    when the product is not buyable."""
    quantity = _checked_quantity(quantity)
    _checked_id(variant_id)
    with transaction.atomic():
        cart = _lock(cart)
        line = _line(cart, variant_id)
        variant = _buyable_variant(variant_id)
        if variant is None:
            raise ProductUnavailable(line.product_id, line.product_name)
        if quantity > variant.sellable_quantity:
            raise NotEnoughStock(
                product_name=_named(variant.product, variant),
                requested=quantity,
                available=variant.sellable_quantity,
            )
        line.quantity = quantity
        line.product, line.variant = variant.product, variant
        line.save(update_fields=["quantity"])
        _touch(cart)
    return line


def remove_line(*, cart: Cart, variant_id: int) -> CartLine:
    """Remove a line (the line of a variant); the last line takes the coupon with it."""
    _checked_id(variant_id)
    with transaction.atomic():
        cart = _lock(cart)
        line = _line(cart, variant_id)
        line.delete()
        if not CartLine.objects.filter(cart=cart).exists():
            cart.coupon_code = cart.seen_coupon_terms = ""
        cart.save(update_fields=["coupon_code", "seen_coupon_terms", "updated_at"])
    return line


def empty_cart(*, cart: Cart) -> int:
    """Remove every line and the coupon; returns the number of lines removed."""
    if cart.pk is None:
        return 0
    with transaction.atomic():
        cart = _lock(cart)
        removed, _ = CartLine.objects.filter(cart=cart).delete()
        cart.coupon_code = cart.seen_coupon_terms = ""
        cart.save(update_fields=["coupon_code", "seen_coupon_terms", "updated_at"])
    return removed


def apply_coupon(*, cart: Cart, code: str) -> Coupon:
    """Apply the coupon for `code` (any case), replacing any other: one coupon per cart.

    Checked on the cart's lines at today's prices and stock; raises `EmptyCart` or the
    coupon's `CouponError` (unknown, inactive, expired, not yet valid, used up, below the
    minimum, per-customer limit, nothing it applies to) and changes nothing then.
    """
    if cart.pk is None:
        raise EmptyCart()
    with transaction.atomic():
        cart = _lock(cart)
        check = check_lines(cart_lines(cart))
        if not check.kept:
            raise EmptyCart()
        coupon = cart_coupon(code, check.priced, now=timezone.now(), user=cart.user).coupon
        cart.coupon_code = coupon.code
        cart.seen_coupon_terms = coupon_terms(coupon)
        cart.save(update_fields=["coupon_code", "seen_coupon_terms", "updated_at"])
    return coupon


def remove_coupon(*, cart: Cart) -> str:
    """Take the coupon off; returns its code ("" when there was none)."""
    if cart.pk is None:
        return ""
    with transaction.atomic():
        cart = _lock(cart)
        code = cart.coupon_code
        if code:
            cart.coupon_code = cart.seen_coupon_terms = ""
            cart.save(update_fields=["coupon_code", "seen_coupon_terms", "updated_at"])
    return code


def sync_cart(*, cart: Cart, images: bool = True) -> CartReview:
    """Re-price and re-check the cart, apply the fixes and return what the shopper sees now.

    Lines no longer buyable or out of stock are removed, quantities above the stock lowered,
    a coupon that no longer holds dropped; each is a change in the returned review. The
    prices and coupon terms shown are recorded as seen, so showing the cart again lists no
    change until the shop's data changes again. A fixed number of queries whatever the number
    of lines. `images`: load the products' card pictures (the cart page shows them).

    The cart as given (with its account, see `identity.current_cart`) is checked first
    without a lock: when nothing needs fixing, which is nearly always, nothing is written and
    no lock taken. Otherwise the check runs again on the locked cart and its fixes are written.
    """
    if cart.pk is None:
        return CartReview()
    plan = plan_review(cart, cart_lines(cart, images=images), now=timezone.now(), user=cart.user)
    if not plan.writes(cart):
        return plan.review
    with transaction.atomic():
        try:
            cart = _lock(cart)
        except CartGone:
            return CartReview()
        plan = plan_review(
            cart, cart_lines(cart, images=images), now=timezone.now(), user=cart.user
        )
        if plan.removed_line_ids:
            CartLine.objects.filter(pk__in=plan.removed_line_ids).delete()
        if plan.updated_lines:
            CartLine.objects.bulk_update(plan.updated_lines, LINE_FIELDS)
        if plan.changes_cart(cart):
            cart.coupon_code, cart.seen_coupon_terms = plan.coupon_code, plan.coupon_terms
            cart.save(update_fields=["coupon_code", "seen_coupon_terms", "updated_at"])
    return plan.review


def merge_guest_cart(*, token: str, user) -> list[str]:
    """Move a guest's cart into the account's cart, when the shopper logs in.

    Lines of a product in both carts are added together, capped by the stock (and by
    `MAX_QUANTITY`); other lines move over as they are (the cart page then shows what is no
    longer in stock). A user without a cart simply takes the guest cart over. The account's
    coupon stays; without one, the guest's comes along. The guest cart is deleted, so merging
    again changes nothing. Returns messages for what was capped.
    """
    if not isinstance(token, str) or not token:
        return []
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _merge(token, user)
        except IntegrityError:
            # An account cart was created meanwhile (a parallel request): merge into it.
            if attempt:
                raise
    return []  # pragma: no cover


def delete_stale_guest_carts(*, idle_for: timedelta) -> int:
    """Delete guest carts unchanged for `idle_for` (their sessions are long gone)."""
    stale = Cart.objects.filter(user__isnull=True, updated_at__lt=timezone.now() - idle_for)
    _total, per_model = stale.delete()
    return per_model.get(Cart._meta.label, 0)


def _merge(token: str, user) -> list[str]:
    carts = lock_carts(Q(guest_token=token, user__isnull=True) | Q(user=user))
    guest = next((cart for cart in carts if cart.user_id is None), None)
    if guest is None:
        return []
    own = next((cart for cart in carts if cart.user_id == user.pk), None)
    if own is None:
        guest.user, guest.guest_token = user, None
        guest.save(update_fields=["user", "guest_token", "updated_at"])
        return []

    guest_lines = list(CartLine.objects.filter(cart=guest).order_by("pk"))
    own_lines = {
        line.variant_id: line for line in CartLine.objects.filter(cart=own, variant__isnull=False)
    }
    overlap = [line.variant_id for line in guest_lines if line.variant_id in own_lines]
    stock = dict(
        with_variant_quantity(ProductVariant.objects.filter(pk__in=overlap)).values_list(
            "pk", "sellable_quantity"
        )
    )
    notes, moved, updated = [], [], []
    for line in guest_lines:
        mine = own_lines.get(line.variant_id) if line.variant_id is not None else None
        if mine is None:
            moved.append(line.pk)
            continue
        together = mine.quantity + line.quantity
        wanted = min(together, MAX_QUANTITY)
        available = stock.get(line.variant_id, 0)
        quantity = wanted if wanted <= available else max(available, mine.quantity, line.quantity)
        if quantity < together:
            if quantity == available:
                notes.append(
                    f"{line.product_name}: only {available} available, quantity set to {quantity}."
                )
            elif quantity == MAX_QUANTITY:
                notes.append(
                    f"{line.product_name}: at most {MAX_QUANTITY} per order, quantity set to "
                    f"{quantity}."
                )
        mine.quantity = quantity
        mine.seen_unit_price = line.seen_unit_price  # the price shown most recently
        mine.product_name = line.product_name
        updated.append(mine)
    if moved:
        CartLine.objects.filter(pk__in=moved).update(cart=own)
    if updated:
        CartLine.objects.bulk_update(updated, LINE_FIELDS)
    if not own.coupon_code and guest.coupon_code:
        own.coupon_code, own.seen_coupon_terms = guest.coupon_code, guest.seen_coupon_terms
    own.save(update_fields=["coupon_code", "seen_coupon_terms", "updated_at"])
    guest.delete()
    return notes


def _checked_quantity(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidQuantity(quantity)
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidQuantity(quantity)
    return quantity


def _checked_id(pk) -> None:
    if isinstance(pk, bool) or not isinstance(pk, int) or pk < 1:
        raise ProductUnavailable(pk)


def _checked_option_ids(option_ids) -> list[int]:
    option_ids = list(option_ids)
    for pk in option_ids:
        _checked_id(pk)
    return option_ids


def _named(product: Product, variant: ProductVariant) -> str:
    """ "Trail Runner (Size: M)", or the product's name alone for its only variant."""
    return f"{product.name} ({variant.options_label})" if variant.options_label else product.name


def _lock(cart: Cart, *, create: bool = False) -> Cart:
    """The cart's row, locked, with its account; a new cart is saved first when `create`
    (then it is returned as created: no other transaction sees it before this one commits,
    and a parallel one making the same cart waits on the unique constraint until then)."""
    if cart.pk is None:
        if not create:
            raise CartGone()
        # The caller found no cart just now (`identity.cart_to_fill`): insert at once; a
        # parallel request that made the same cart meanwhile wins, and its cart is locked.
        owner = (
            {"user_id": cart.user_id}
            if cart.user_id is not None
            else {"guest_token": cart.guest_token, "user": None}
        )
        try:
            with transaction.atomic():
                made, created = Cart.objects.create(**owner), True
        except IntegrityError:
            made, created = Cart.objects.filter(**owner).first(), False
            if made is None:  # another constraint than the one-cart-per-shopper ones
                raise
        if cart.user_id is None:
            cart.pk = made.pk  # the caller's cart gets its pk
        if created:
            made.just_created = True
            return made
        cart = made
    locked = lock_cart(cart.pk)
    if locked is None:
        raise CartGone()
    return locked


def _touch(cart: Cart) -> None:
    if getattr(cart, "just_created", False):  # its updated_at is now already
        return
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


def _line(cart: Cart, variant_id: int) -> CartLine:
    line = CartLine.objects.filter(cart=cart, variant_id=variant_id).first()
    if line is None:
        raise LineNotFound(variant_id)
    return line


# Its SQL is built once per process (commerce.queries): building it cost more than reading.
_BUYABLE_PRODUCT = PreparedQuery(
    lambda product_id: (
        with_sellable_quantity(Product.objects.select_related("category"))
        .only("pk", "name", "price", "status", "live", "category__is_listed")
        .filter(pk=product_id)
    ),
    slot=-1,
)


def _buyable_product(product_id: int) -> Product | None:
    """The product with its sellable quantity when the purchase policy says it is sold now,
    else None (one query)."""
    product = _BUYABLE_PRODUCT.first(product_id)
    if product is None or not purchase_option(product).is_buyable:
        return None
    return product


def _buyable_variant(variant_id: int) -> ProductVariant | None:
    """The variant with its product and sellable quantity when the purchase policy says its
    product is sold now, else None (one query)."""
    variant = (
        with_variant_quantity(ProductVariant.objects.select_related("product__category"))
        .only(
            "pk",
            "options_label",
            "price",
            "product__id",
            "product__name",
            "product__price",
            "product__status",
            "product__live",
            "product__category__is_listed",
        )
        .filter(pk=variant_id)
        .first()
    )
    if variant is None or not purchase_option(variant.product, variant=variant).is_buyable:
        return None
    return variant
