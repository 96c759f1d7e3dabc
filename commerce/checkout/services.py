"""Placing an order: one transaction that never sells what the shop does not have, never
charges a price the shopper was not shown, and never places one checkout twice."""

from decimal import Decimal, InvalidOperation
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from commerce.checkout import locks
from commerce.checkout.exceptions import Change, CheckoutChanged, InvalidCheckout
from commerce.checkout.inputs import Address, CustomerDetails, LineRequest
from commerce.checkout.models import DeliveryMethod, PaymentMethod
from commerce.checkout.pricing import PricedLine, Totals, compute_totals, price_line, subtotal_of
from commerce.coupons.exceptions import CouponError, UnknownCoupon
from commerce.coupons.models import Coupon, normalise_code
from commerce.coupons.services import redeem_coupon
from commerce.coupons.validation import (
    eligible_category_ids,
    validate_coupon,
    validate_customer,
)
from commerce.orders.emails import send_low_stock_alert, send_order_confirmation
from commerce.orders.models import (
    IDEMPOTENCY_CONSTRAINT,
    NUMBER_CONSTRAINT,
    Order,
    OrderLine,
    OrderLineAllocation,
    OrderStatus,
    OrderStatusChange,
)
from commerce.orders.numbers import new_order_number
from commerce.stock import signals as stock_signals
from commerce.stock.allocation import Allocation, InsufficientStock, allocate

MAX_LINE_QUANTITY = 999
NUMBER_ATTEMPTS = 5

__all__ = ["Address", "CustomerDetails", "LineRequest", "place_order"]


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
) -> Order:
    """Place the order the shopper reviewed, or raise `CheckoutChanged` and place nothing.

    One transaction: lock the products, then their stock rows, then the coupon (each in
    primary-key order); re-check status, prices and stock against what was reviewed; take the
    units from warehouses by priority; count the coupon use; write the order with its own copy
    of everything. The confirmation e-mail goes out after commit. Submitting the same
    `idempotency_key` again returns the order placed the first time.
    """
    expected = _clean_request(lines, expected_total, idempotency_key)
    user = user if user is not None and user.is_authenticated else None
    existing = _placed_before(idempotency_key, customer, user)
    if existing is not None:
        return existing
    # Methods are read before the locks: a change there shows up as a changed total.
    delivery_method = DeliveryMethod.objects.active().filter(pk=delivery_method_id).first()
    payment_method = PaymentMethod.objects.active().filter(pk=payment_method_id).first()
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
        if _violated_constraint(error) != IDEMPOTENCY_CONSTRAINT:
            raise
        # The same checkout was placed meanwhile (a double click racing itself).
        return _placed_before(idempotency_key, customer, user)
    except CheckoutChanged:
        # The same checkout, placed meanwhile, may have taken the last units itself.
        existing = _placed_before(idempotency_key, customer, user)
        if existing is None:
            raise
        return existing


def _placed_before(idempotency_key: str, customer: CustomerDetails, user) -> Order | None:
    """The order already placed under this key, if any.

    Keys are made by the server for each checkout, never taken from a form; still, an order is
    only handed back to the same customer: a key met again with another e-mail address or
    account is refused instead of revealing someone else's order.
    """
    order = Order.objects.filter(idempotency_key=idempotency_key).first()
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
    if len({line.product_id for line in lines}) != len(lines):
        raise InvalidCheckout("duplicate_product")
    for line in lines:
        quantity = line.quantity
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise InvalidCheckout("quantity")
        if not 1 <= quantity <= MAX_LINE_QUANTITY:
            raise InvalidCheckout("quantity")
    try:
        prices = {line.product_id: Decimal(str(line.expected_unit_price)) for line in lines}
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
    products = locks.lock_products(product_ids)
    records = locks.lock_stock_records(product_ids)
    changes = _line_changes(lines, expected_prices, products, records)
    if changes:
        raise CheckoutChanged(changes)

    priced = [price_line(products[line.product_id], line.quantity) for line in lines]
    coupon = None
    if coupon_code and coupon_code.strip():
        coupon, totals = _apply_coupon(coupon_code, priced, delivery_method, customer, user)
    else:
        totals = compute_totals(lines=priced, delivery_method=delivery_method)
    if totals.total != expected_total:
        raise CheckoutChanged([Change.total_changed(old=expected_total, new=totals.total)])

    allocations = [_allocate(line, records[line.product.pk]) for line in priced]
    order = _write_order(
        priced=priced,
        allocations=allocations,
        totals=totals,
        customer=customer,
        address=address,
        delivery_method=delivery_method,
        payment_method=payment_method,
        coupon=coupon,
        idempotency_key=idempotency_key,
        user=user,
    )
    if coupon is not None:
        _redeem(coupon, order, customer, user)
    threshold = settings.SHOP_LOW_STOCK_THRESHOLD
    # "Only N left" and "Out of stock" change with every order once a product runs low.
    stock_signals.send_after_commit(
        line.product.pk
        for line in priced
        if sum(max(record.quantity, 0) for record in records.get(line.product.pk, [])) <= threshold
    )
    low = _left_low(priced, records)
    if low:
        transaction.on_commit(
            partial(send_low_stock_alert, order_number=order.number, low=low), robust=True
        )
    return order


def _left_low(priced: list[PricedLine], records) -> list[tuple[str, str, int]]:
    """Products this order took to or below the low-stock threshold (or to zero), from the
    locked rows, which `allocate` left holding what remains: no query."""
    threshold = settings.SHOP_LOW_STOCK_THRESHOLD
    low = []
    for line in priced:
        after = sum(max(record.quantity, 0) for record in records.get(line.product.pk, []))
        before = after + line.quantity
        if after <= threshold < before or after == 0 < before:
            low.append((line.product.name, line.product.sku, after))
    return low


def _line_changes(lines, expected_prices, products, records) -> list[Change]:
    changes = []
    for line in lines:
        product = products.get(line.product_id)
        if product is None or not product.is_buyable:
            changes.append(Change.unavailable(line.product_id))
            continue
        expected_price = expected_prices[line.product_id]
        if product.price != expected_price:
            changes.append(Change.price_changed(product.pk, old=expected_price, new=product.price))
        available = sum(max(record.quantity, 0) for record in records.get(product.pk, []))
        if available < line.quantity:
            changes.append(
                Change.out_of_stock(product.pk, requested=line.quantity, available=available)
            )
    return changes


def _apply_coupon(
    coupon_code: str, priced: list[PricedLine], delivery_method, customer, user
) -> tuple[Coupon, Totals]:
    """Lock the coupon (last of all locks) and check every rule under that lock."""
    try:
        coupon = locks.lock_coupon(coupon_code)
        if coupon is None:
            raise UnknownCoupon(coupon_code=normalise_code(coupon_code))
        validate_coupon(coupon, subtotal=subtotal_of(priced), now=timezone.now())
        validate_customer(coupon, email=customer.email, user=user)
        totals = compute_totals(
            lines=priced,
            delivery_method=delivery_method,
            coupon=coupon,
            category_ids=eligible_category_ids(coupon),
        )
    except CouponError as error:
        change = Change.coupon_invalid(
            coupon_code=error.coupon_code, reason=error.code, **error.params
        )
        raise CheckoutChanged([change]) from error
    return coupon, totals


def _redeem(coupon: Coupon, order: Order, customer, user) -> None:
    try:
        redeem_coupon(coupon=coupon, order=order, email=customer.email, user=user)
    except CouponError as error:  # only if a coupon writer ignored the row lock
        change = Change.coupon_invalid(coupon_code=error.coupon_code, reason=error.code)
        raise CheckoutChanged([change]) from error


def _allocate(line: PricedLine, records) -> list[Allocation]:
    try:
        return allocate(product_id=line.product.pk, records=records, quantity=line.quantity)
    except InsufficientStock as error:  # only if a stock writer ignored the row locks
        change = Change.out_of_stock(
            error.product_id, requested=error.requested, available=error.available
        )
        raise CheckoutChanged([change]) from error


def _write_order(
    *,
    priced,
    allocations,
    totals,
    customer,
    address,
    delivery_method,
    payment_method,
    coupon,
    idempotency_key,
    user,
) -> Order:
    order = Order(
        idempotency_key=idempotency_key,
        user=user,
        status=OrderStatus.NEW,
        email=customer.email.strip(),
        name=customer.name.strip(),
        phone=customer.phone.strip(),
        address_line1=address.line1.strip(),
        address_line2=address.line2.strip(),
        postal_code=address.postal_code.strip(),
        city=address.city.strip(),
        country=address.country.strip().upper(),
        delivery_method_name=delivery_method.name,
        delivery_cost=totals.delivery,
        payment_method_name=payment_method.name,
        payment_provider=payment_method.provider,
        payment_instructions=payment_method.instructions,
        coupon_code=coupon.code if coupon is not None else "",
        discount=totals.discount,
        subtotal=totals.subtotal,
        total=totals.total,
        currency=settings.SHOP_CURRENCY,
    )
    _insert_with_new_number(order)
    order_lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=line.product,
            product_name=line.product.name,
            sku=line.product.sku,
            unit_price=line.unit_price,
            quantity=line.quantity,
            line_total=line.line_total,
        )
        for line in priced
    )
    OrderLineAllocation.objects.bulk_create(
        OrderLineAllocation(
            line=order_line, warehouse_id=allocation.warehouse_id, quantity=allocation.quantity
        )
        for order_line, line_allocations in zip(order_lines, allocations, strict=True)
        for allocation in line_allocations
    )
    OrderStatusChange.objects.create(
        order=order,
        from_status="",
        to_status=OrderStatus.NEW,
        actor=user,
        actor_name=user.get_username() if user is not None else "",
        note="Placed",
    )
    transaction.on_commit(
        partial(send_order_confirmation, order=order, lines=order_lines), robust=True
    )
    return order


def _insert_with_new_number(order: Order) -> None:
    """Insert the order under a fresh random number, drawing again on a collision."""
    for _attempt in range(NUMBER_ATTEMPTS):
        order.number = new_order_number()
        try:
            with transaction.atomic():
                order.save(force_insert=True)
        except IntegrityError as error:
            if _violated_constraint(error) != NUMBER_CONSTRAINT:
                raise
        else:
            return
    raise RuntimeError(f"No free order number after {NUMBER_ATTEMPTS} attempts.")


def _violated_constraint(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)
