"""The checkout's writes: moving a shopper through its steps, submitting it, and placing the
order: one transaction that never sells what the shop does not have, never charges a price
the shopper was not shown, and never places one checkout twice.

Locks, always in this order: the checkout row, the cart row (`commerce.cart.locks`), then
`place_order`'s products, stock rows and coupon, each set in primary-key order.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from commerce.background import enqueue_on_commit
from commerce.cart.locks import lock_cart
from commerce.cart.models import Cart, CartLine
from commerce.cart.review import plan_review
from commerce.cart.selectors import cart_lines
from commerce.catalog.locks import lock_products
from commerce.catalog.models import ProductVariant
from commerce.catalog.purchase import purchase_option
from commerce.checkout import steps
from commerce.checkout.exceptions import (
    CartNotCurrent,
    Change,
    CheckoutChanged,
    InvalidCheckout,
)
from commerce.checkout.inputs import Address, CustomerDetails, LineRequest
from commerce.checkout.models import (
    Checkout,
    DeliveryMethod,
    PaymentMethod,
    new_idempotency_key,
)
from commerce.coupons.exceptions import CouponError
from commerce.coupons.locks import lock_coupon
from commerce.coupons.models import Coupon
from commerce.coupons.services import redeem_coupon
from commerce.orders.models import IDEMPOTENCY_CONSTRAINT, Order
from commerce.orders.services import create_order, violated_constraint
from commerce.orders.tasks import send_low_stock_alert
from commerce.pricing.coupons import AppliedCoupon, evaluate_coupon
from commerce.pricing.prices import PricedLine, compute_totals, price_line
from commerce.queries import PreparedQuery, unique_row
from commerce.stock import signals as stock_signals
from commerce.stock.allocation import Allocation, InsufficientStock, allocate
from commerce.stock.availability import Availability
from commerce.stock.locks import lock_stock_records

# A malformed-request bound for callers of `place_order` (API, commands), not the shopper's
# per-line maximum: the cart keeps lines to `commerce.catalog.purchase.MAX_QUANTITY`.
MAX_LINE_QUANTITY = 999

__all__ = [
    "Address",
    "CheckoutIncomplete",
    "CustomerDetails",
    "LineRequest",
    "place_order",
    "submit_checkout",
]


# Moving through the steps


def open_checkout(
    cart: Cart, *, now: datetime | None = None, touch: bool = True
) -> tuple[Checkout, bool]:
    """The cart's checkout and whether it had just expired.

    Created on first use. One left idle too long, or one that already placed its order (the
    shopper is buying again), starts over with a new idempotency key; every other visit
    counts as activity (`touch_checkout`; with `touch=False` the caller saves the checkout or
    calls it itself).
    The checkout loaded with the cart (`steps.checkout_cart`) is used when there is one.
    """
    now = now or timezone.now()
    checkout = steps.find_checkout(cart)
    if checkout is None:
        return _new_checkout(cart), False
    placed = checkout.order_id is not None
    expired = not placed and steps.is_stale(checkout, now=now)
    if expired or placed:
        start_over(checkout)
    elif touch:
        touch_checkout(checkout, now=now)
    return checkout, expired


def touch_checkout(checkout: Checkout, *, now: datetime | None = None) -> None:
    """Count a visit as activity (the idle expiry starts again); written only when the last
    recorded activity is older than `steps.touch_interval()`."""
    now = now or timezone.now()
    if now - checkout.updated_at < steps.touch_interval():
        return
    checkout.updated_at = now
    Checkout.objects.filter(pk=checkout.pk).update(updated_at=now)


def _new_checkout(cart: Cart) -> Checkout:
    """A new checkout for the cart (a parallel request may have made it: then that one)."""
    try:
        with transaction.atomic():
            checkout = Checkout.objects.create(cart=cart)
    except IntegrityError:
        return Checkout.objects.select_related("delivery_method", "payment_method").get(cart=cart)
    cart.checkout = checkout
    return checkout


def expire_if_stale(checkout: Checkout) -> bool:
    if not steps.is_stale(checkout, now=timezone.now()):
        return False
    start_over(checkout)
    return True


def start_over(checkout: Checkout) -> None:
    """Forget everything entered; a new key, so the next submission is a new order. Under the
    row lock, so it never interleaves with a submission of the same checkout."""
    with transaction.atomic():
        _lock_checkout(checkout)
        for name in Checkout.ADDRESS_FIELDS:
            setattr(checkout, name, "")
        checkout.delivery_method = None
        checkout.payment_method = None
        checkout.order = None
        checkout.idempotency_key = new_idempotency_key()
        checkout.save()


def prefill(checkout: Checkout, *, user) -> None:
    """A logged-in shopper starts from their e-mail and their last address (in memory only)."""
    if user is None or not user.is_authenticated or checkout.has_address:
        return
    from commerce.accounts.addresses import last_address

    checkout.email = checkout.email or user.email
    for name, value in (last_address(user) or {}).items():
        if not getattr(checkout, name, None):
            setattr(checkout, name, value)


def save_address(checkout: Checkout, fields: dict) -> None:
    """Only the address fields: a full save from this request's copy could write back an
    order another request has just placed."""
    for name in Checkout.ADDRESS_FIELDS:
        setattr(checkout, name, fields.get(name, ""))
    checkout.save(update_fields=[*Checkout.ADDRESS_FIELDS, "updated_at"])


def choose_delivery(checkout: Checkout, method: DeliveryMethod) -> None:
    checkout.delivery_method = method
    checkout.save(update_fields=["delivery_method", "updated_at"])


def choose_payment(checkout: Checkout, method: PaymentMethod) -> None:
    checkout.payment_method = method
    checkout.save(update_fields=["payment_method", "updated_at"])


# Its SQL is built once per process (commerce.queries); evaluated, and so locked, per call.
_LOCKED_CHECKOUT = PreparedQuery(
    lambda pk: (
        Checkout.objects.filter(pk=pk)
        .select_related("delivery_method", "payment_method")
        .select_for_update(of=("self",))
    ),
    slot=-1,
)


def _lock_checkout(checkout: Checkout) -> Checkout:
    """Re-read the checkout under a row lock (inside a transaction): two submissions of the
    same checkout take turns, and the second sees the order the first placed."""
    assert transaction.get_connection().in_atomic_block
    locked = _LOCKED_CHECKOUT.first(checkout.pk)
    if locked is None:
        raise Checkout.DoesNotExist(checkout.pk)
    return locked


# Submitting a reviewed checkout


class CheckoutIncomplete(Exception):
    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


def submit_checkout(*, checkout: Checkout, cart: Cart, expected_total: Decimal, user=None) -> Order:
    """Place the order for this checkout once, or raise `CartNotCurrent` (the cart changed
    since the shopper last saw it) or `CheckoutChanged` (nothing placed either way).

    Locks in this order: the checkout row (a double click or a second tab waits and then gets
    the order the first submission placed), then the cart row (as every cart service does
    before touching lines, so a cart change in another tab waits too), then `place_order`'s
    products, stock rows and coupon. The locked cart is re-checked as the cart page does
    (`commerce.cart.review.plan_review`): a changed price, a dead coupon or missing stock is
    shown to the shopper, never charged. Each line is sent with the unit price the shopper
    was last shown (`CartLine.seen_unit_price`) and the total they reviewed, which
    `place_order` compares with the shop's own figures. The placed order empties the cart;
    a logged-in shopper's address is remembered for next time.
    """
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        checkout = _lock_checkout(checkout)
        if checkout.order_id is not None:
            return Order.objects.get(pk=checkout.order_id)
        step = steps.first_open_step(checkout)
        if step != "review":
            raise CheckoutIncomplete(step)
        cart = lock_cart(cart.pk)
        if cart is None:
            raise InvalidCheckout("no_lines")
        lines = cart_lines(cart)
        if not lines:
            raise InvalidCheckout("no_lines")
        if plan_review(cart, lines, now=timezone.now(), user=cart.user).review.changes:
            raise CartNotCurrent()
        order = place_order(
            lines=[
                LineRequest(line.product_id, line.quantity, line.seen_unit_price, line.variant_id)
                for line in lines
            ],
            customer=CustomerDetails(
                email=checkout.email, name=checkout.name, phone=checkout.phone
            ),
            shipping_address=Address(
                line1=checkout.address_line1,
                line2=checkout.address_line2,
                postal_code=checkout.postal_code,
                city=checkout.city,
                country=checkout.country,
            ),
            delivery_method_id=checkout.delivery_method_id,
            payment_method_id=checkout.payment_method_id,
            coupon_code=cart.coupon_code or None,
            expected_total=expected_total,
            idempotency_key=checkout.idempotency_key,
            user=user,
            # Read with the checkout's row lock, just now: no need to read them again.
            loaded_methods=(checkout.delivery_method, checkout.payment_method),
            # Under the checkout's lock, with no order yet: its key has placed nothing.
            key_unused=True,
        )
        checkout.order = order
        checkout.save(update_fields=["order", "updated_at"])
        CartLine.objects.filter(pk__in=[line.pk for line in lines]).delete()
        Cart.objects.filter(pk=cart.pk).update(coupon_code="", seen_coupon_terms="")
        if user is not None:
            _remember_address(user, checkout)
    return order


def _remember_address(user, checkout: Checkout) -> None:
    from commerce.accounts.addresses import remember_address

    remember_address(user, checkout.address_fields())


# Placing an order


def place_order(
    *,
    lines: list[LineRequest],
    customer: CustomerDetails,
    shipping_address: Address,
    delivery_method_id: int,
    payment_method_id: int,
    coupon_code: str | None,
    expected_total: Decimal,
    idempotency_key: str,
    user=None,
    loaded_methods: tuple = (),
    key_unused: bool = False,
) -> Order:
    """Place the order the shopper reviewed, or raise `CheckoutChanged` and place nothing.

    One transaction: lock the products and their variants (`commerce.catalog.locks`), then
    the chosen variants' stock rows (`commerce.stock.locks`), then the coupon
    (`commerce.coupons.locks`), each in primary-key order; re-check every line (a variant, or
    a product's only variant) with the purchase policy against what was reviewed; take the
    units from warehouses by priority; count the coupon use; write the order with its own copy
    of everything (`commerce.orders.services.create_order`, which mails the confirmation after
    commit). Submitting the same `idempotency_key` again returns the order placed the first
    time. `loaded_methods`: delivery or payment method rows the caller has just read in this
    transaction (the locked checkout's), used instead of reading them again. `key_unused`:
    the caller holds a lock under which no order can have been placed with this key
    (`submit_checkout`: the checkout's row, whose `order` is still empty), so it is not
    looked up first; the unique key still catches a repeat, as it catches a race.
    """
    expected = _clean_request(lines, expected_total, idempotency_key)
    user = user if user is not None and user.is_authenticated else None
    existing = None if key_unused else _placed_before(idempotency_key, customer, user)
    if existing is not None:
        return existing
    # Methods are read before the locks: a change there shows up as a changed total.
    delivery_method = _usable_method(DeliveryMethod, delivery_method_id, loaded_methods)
    payment_method = _usable_method(PaymentMethod, payment_method_id, loaded_methods)
    method_changes = [
        Change(code)
        for code, method in [
            ("delivery_unavailable", delivery_method),
            ("payment_unavailable", payment_method),
        ]
        if method is None
    ]
    if method_changes:
        raise CheckoutChanged(method_changes)
    try:
        with transaction.atomic():
            return _place_locked(
                lines=lines,
                expected_prices=expected["prices"],
                expected_total=expected["total"],
                customer=customer,
                address=shipping_address,
                delivery_method=delivery_method,
                payment_method=payment_method,
                coupon_code=coupon_code,
                idempotency_key=idempotency_key,
                user=user,
            )
    except IntegrityError as error:
        if violated_constraint(error) != IDEMPOTENCY_CONSTRAINT:
            raise
        # The same checkout was placed meanwhile (a double click racing itself).
        return _placed_before(idempotency_key, customer, user)
    except CheckoutChanged:
        # The same checkout, placed meanwhile, may have taken the last units itself.
        existing = _placed_before(idempotency_key, customer, user)
        if existing is None:
            raise
        return existing


def _usable_method(model, pk, loaded):
    """The active `model` row `pk` (one of `loaded` when it is there), or None."""
    for method in loaded:
        if isinstance(method, model) and method.pk == pk:
            return method if method.is_usable else None
    return model.objects.active().filter(pk=pk).first()


def _placed_before(idempotency_key: str, customer: CustomerDetails, user) -> Order | None:
    """The order already placed under this key, if any.

    Keys are made by the server for each checkout, never taken from a form; still, an order is
    only handed back to the same customer: a key met again with another e-mail address or
    account is refused instead of revealing someone else's order.
    """
    order = unique_row(Order.objects.filter(idempotency_key=idempotency_key))
    if order is None:
        return None
    same_email = order.email.casefold() == customer.email.strip().casefold()
    same_user = order.user_id == (user.pk if user is not None else None)
    if not (same_email and same_user):
        raise InvalidCheckout("idempotency_key_reused")
    return order


def _clean_request(lines, expected_total, idempotency_key) -> dict:
    if not isinstance(idempotency_key, str) or not 1 <= len(idempotency_key) <= 100:
        raise InvalidCheckout("idempotency_key")
    if not lines:
        raise InvalidCheckout("no_lines")
    if any(
        isinstance(line.product_id, bool) or not isinstance(line.product_id, int) for line in lines
    ):
        raise InvalidCheckout("product_id")
    if any(
        line.variant_id is not None
        and (isinstance(line.variant_id, bool) or not isinstance(line.variant_id, int))
        for line in lines
    ):
        raise InvalidCheckout("variant_id")
    if len({line.key for line in lines}) != len(lines):
        raise InvalidCheckout("duplicate_product")
    for line in lines:
        quantity = line.quantity
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise InvalidCheckout("quantity")
        if not 1 <= quantity <= MAX_LINE_QUANTITY:
            raise InvalidCheckout("quantity")
    try:
        prices = {line.key: Decimal(str(line.expected_unit_price)) for line in lines}
        total = Decimal(str(expected_total))
    except InvalidOperation:
        raise InvalidCheckout("amount") from None
    return {"prices": prices, "total": total}


def _place_locked(
    *,
    lines,
    expected_prices,
    expected_total,
    customer,
    address,
    delivery_method,
    payment_method,
    coupon_code,
    idempotency_key,
    user,
) -> Order:
    product_ids = [line.product_id for line in lines]
    products, variants = lock_products(product_ids)
    chosen = _chosen_variants(lines, variants)
    records = lock_stock_records(variant.pk for variant in chosen if variant is not None)
    changes = _line_changes(lines, chosen, expected_prices, products, records)
    if changes:
        raise CheckoutChanged(changes)

    priced = [
        price_line(products[line.product_id], line.quantity, variant)
        for line, variant in zip(lines, chosen, strict=True)
    ]
    coupon = None
    if coupon_code and coupon_code.strip():
        applied = _apply_coupon(coupon_code, priced, delivery_method, customer, user)
        coupon, totals = applied.coupon, applied.totals
    else:
        totals = compute_totals(lines=priced, delivery_method=delivery_method)
    if totals.total != expected_total:
        raise CheckoutChanged([Change.total_changed(old=expected_total, new=totals.total)])

    allocations = [_allocate(line, records[line.variant.pk]) for line in priced]
    order = create_order(
        idempotency_key=idempotency_key,
        user=user,
        customer=customer,
        address=address,
        delivery_method=delivery_method,
        payment_method=payment_method,
        coupon_code=coupon.code if coupon is not None else "",
        totals=totals,
        lines=priced,
        allocations=allocations,
    )
    if coupon is not None:
        _redeem(coupon, order, customer, user)
    threshold = settings.SHOP_LOW_STOCK_THRESHOLD
    # "Only N left" and "Out of stock" change with every order once a product runs low.
    stock_signals.send_after_commit(
        line.product.pk for line in priced if _units(records, line.variant.pk) <= threshold
    )
    low = _left_low(priced, records)
    if low:
        enqueue_on_commit(send_low_stock_alert, order_number=order.number, low=low)
    return order


def _left_low(priced: list[PricedLine], records) -> list[tuple[str, str, int]]:
    """Variants this order took to or below the low-stock threshold (or to zero), from the
    locked rows, which `allocate` left holding what remains: no query. Each as (name, SKU,
    units left); the name says which variant ("Trail Runner (Size: M)")."""
    threshold = settings.SHOP_LOW_STOCK_THRESHOLD
    low = []
    for line in priced:
        after = _units(records, line.variant.pk)
        before = after + line.quantity
        if after <= threshold < before or after == 0 < before:
            label = line.variant.options_label
            name = f"{line.product.name} ({label})" if label else line.product.name
            low.append((name, line.variant.sku, after))
    return low


def _units(records, variant_id: int) -> int:
    """Units left of a variant in its locked stock rows."""
    return sum(record.quantity for record in records.get(variant_id, []))


def _chosen_variants(lines, variants) -> list[ProductVariant | None]:
    """Each line's variant among the locked ones: the one asked for (if it is the line's
    product's), or the product's only variant; None when there is no such variant. Two lines
    of one variant are a malformed request."""
    by_product: dict[int, list[ProductVariant]] = {}
    for variant in variants.values():
        by_product.setdefault(variant.product_id, []).append(variant)
    chosen = []
    for line in lines:
        if line.variant_id is not None:
            variant = variants.get(line.variant_id)
            if variant is not None and variant.product_id != line.product_id:
                variant = None
        else:
            own = by_product.get(line.product_id, [])
            variant = own[0] if len(own) == 1 else None
        chosen.append(variant)
    picked = [variant.pk for variant in chosen if variant is not None]
    if len(set(picked)) != len(picked):
        raise InvalidCheckout("duplicate_product")
    return chosen


def _line_changes(lines, chosen, expected_prices, products, records) -> list[Change]:
    """Each line re-checked with the purchase policy, on the locked product, variant and
    stock rows."""
    changes = []
    for line, variant in zip(lines, chosen, strict=True):
        product = products.get(line.product_id)
        option = (
            purchase_option(product, Availability(_units(records, variant.pk)), variant=variant)
            if product is not None and variant is not None
            else None
        )
        if option is None or not option.is_buyable:
            changes.append(Change.unavailable(line.product_id, variant_id=line.variant_id))
            continue
        expected_price = expected_prices[line.key]
        if option.unit_price != expected_price:
            changes.append(
                Change.price_changed(
                    product.pk, old=expected_price, new=option.unit_price, variant_id=variant.pk
                )
            )
        available = option.availability.quantity
        if available < line.quantity:
            changes.append(
                Change.out_of_stock(
                    product.pk,
                    requested=line.quantity,
                    available=available,
                    variant_id=variant.pk,
                )
            )
    return changes


def _apply_coupon(
    coupon_code: str, priced: list[PricedLine], delivery_method, customer, user
) -> AppliedCoupon:
    """Lock the coupon (last of all locks) and check every rule under that lock."""
    try:
        return evaluate_coupon(
            coupon_code,
            priced,
            delivery_method=delivery_method,
            email=customer.email,
            user=user,
            find=lock_coupon,
        )
    except CouponError as error:
        change = Change.coupon_invalid(
            coupon_code=error.coupon_code, reason=error.code, **error.params
        )
        raise CheckoutChanged([change]) from error


def _redeem(coupon: Coupon, order: Order, customer, user) -> None:
    try:
        redeem_coupon(coupon=coupon, order=order, email=customer.email, user=user)
    except CouponError as error:  # only if a coupon writer ignored the row lock
        change = Change.coupon_invalid(coupon_code=error.coupon_code, reason=error.code)
        raise CheckoutChanged([change]) from error


def _allocate(line: PricedLine, records) -> list[Allocation]:
    try:
        return allocate(
            product_id=line.product.pk,
            variant_id=line.variant.pk,
            records=records,
            quantity=line.quantity,
        )
    except InsufficientStock as error:  # only if a stock writer ignored the row locks
        change = Change.out_of_stock(
            error.product_id,
            requested=error.requested,
            available=error.available,
            variant_id=error.variant_id,
        )
        raise CheckoutChanged([change]) from error
