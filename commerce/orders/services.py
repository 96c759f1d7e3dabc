"""Writing orders: creating one, and every change to a placed order (one service per change,
under the order's row lock, recorded in its history), so checkout, the admin, the payment
callbacks and commands behave the same."""

from django.conf import settings
from django.db import IntegrityError, transaction

from commerce.background import enqueue_on_commit
from commerce.coupons.services import release_coupon
from commerce.orders.exceptions import InvalidShipment, InvalidStatusTransition
from commerce.orders.locks import lock_order
from commerce.orders.models import (
    NUMBER_CONSTRAINT,
    Order,
    OrderLine,
    OrderLineAllocation,
    OrderStatus,
    OrderStatusChange,
    PaymentState,
)
from commerce.orders.numbers import new_order_number
from commerce.orders.signals import order_placed, order_status_changed, send_after_commit
from commerce.orders.tasks import send_order_confirmation
from commerce.pricing.prices import PricedLine, Totals
from commerce.stock import signals as stock_signals
from commerce.stock.allocation import Allocation, give_back

NUMBER_ATTEMPTS = 5

TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.NEW: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def create_order(
    *,
    idempotency_key: str,
    user,
    customer,
    address,
    delivery_method,
    payment_method,
    coupon_code: str,
    totals: Totals,
    lines: list[PricedLine],
    allocations: list[list[Allocation]],
) -> Order:
    """Write a placed order with its own copy of everything: the order row (under a fresh
    random number), its lines, where each line's units came from, and its first history step.
    The confirmation e-mail goes out after commit.

    Inside the caller's transaction, which holds the locks and has priced and allocated the
    lines (`allocations[i]` for `lines[i]`, each line with its variant, whose SKU and
    options the order line copies). `customer` has email, name, phone; `address`
    line1, line2, postal_code, city, country; the methods their name (and the payment
    method's provider and instructions).
    """
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
        coupon_code=coupon_code,
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
            variant=line.variant,
            product_name=line.product.name,
            options_label=line.variant.options_label,
            sku=line.variant.sku,
            unit_price=line.unit_price,
            quantity=line.quantity,
            line_total=line.line_total,
        )
        for line in lines
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
    enqueue_on_commit(send_order_confirmation, order_id=order.pk)
    send_after_commit(order_placed, order_id=order.pk)
    return order


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the constraint an `IntegrityError` reports (PostgreSQL), if any."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def _insert_with_new_number(order: Order) -> None:
    """Insert the order under a fresh random number, drawing again on a collision."""
    for _attempt in range(NUMBER_ATTEMPTS):
        order.number = new_order_number()
        try:
            with transaction.atomic():
                order.save(force_insert=True)
        except IntegrityError as error:
            if violated_constraint(error) != NUMBER_CONSTRAINT:
                raise
        else:
            return
    raise RuntimeError(f"No free order number after {NUMBER_ATTEMPTS} attempts.")


def allowed_transitions(status: str) -> list[str]:
    """The statuses an order in `status` may move to, in workflow order (for admin buttons)."""
    return [choice for choice in OrderStatus.values if choice in TRANSITIONS[status]]


def change_order_status(*, order: Order, to: str, actor=None, note: str = "") -> Order:
    """Move an order to status `to`, or raise `InvalidStatusTransition`.

    The order row is locked and re-read first, so two staff clicking at once cannot both move
    it (the second sees the new status). Cancelling gives the allocated units back to their
    warehouses and releases the coupon use; marking paid sets the payment state to paid.
    `order` is updated in place and returned. (Shipping with a carrier and tracking number:
    `ship_order`.)
    """
    return _change_status(order=order, to=OrderStatus(to), actor=actor, note=note)


def ship_order(
    *, order: Order, carrier: str = "", tracking_number: str = "", actor=None, note: str = ""
) -> Order:
    """Move a paid order to shipped, keeping the carrier and tracking number on it (the
    customer's order page shows them); either may be empty. As `change_order_status`, under
    the order's lock, recorded in its history (the note, when none is given, names the
    carrier and tracking number), or `InvalidStatusTransition` and nothing changed.
    `InvalidShipment` when a value is longer than the order keeps."""
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    for field, value in (("carrier", carrier), ("tracking_number", tracking_number)):
        max_length = Order._meta.get_field(field).max_length
        if len(value) > max_length:
            raise InvalidShipment(field=field, max_length=max_length)
    return _change_status(
        order=order,
        to=OrderStatus.SHIPPED,
        actor=actor,
        note=note or " ".join(part for part in (carrier, tracking_number) if part),
        shipment={"carrier": carrier, "tracking_number": tracking_number},
    )


def _change_status(
    *, order: Order, to: OrderStatus, actor, note: str, shipment: dict | None = None
) -> Order:
    with transaction.atomic():
        current = lock_order(order.pk).status
        if to not in TRANSITIONS[current]:
            raise InvalidStatusTransition(from_status=current, to_status=to)
        fields = {"status": to, **(shipment or {})}
        if to == OrderStatus.PAID:
            fields["payment_state"] = PaymentState.PAID
        if to == OrderStatus.CANCELLED:
            _give_back_stock(order)
            release_coupon(order=order)
        for name, value in fields.items():
            setattr(order, name, value)
        order.save(update_fields=[*fields, "updated_at"])
        OrderStatusChange.objects.create(
            order=order,
            from_status=current,
            to_status=to,
            actor=actor if actor is not None and actor.pk is not None else None,
            actor_name=actor.get_username() if actor is not None else "",
            note=note,
        )
        send_after_commit(
            order_status_changed, order_id=order.pk, from_status=current, to_status=to
        )
    return order


def set_payment_state(*, order: Order, state: str, actor=None, note: str = "") -> bool:
    """Record a payment's outcome on its order; False when it changes nothing.

    Paid: a new order moves to paid through `change_order_status` (its history records it); a
    paid or cancelled one is left as it is (money to give back: the caller says so). Declined:
    a new order still pending shows "declined" until the shopper pays again; its status (and
    so its history) does not change, the declined attempt is the record. Under the order's
    row lock. `actor` (a user, or anything with `pk` and `get_username()`) goes into the
    history step of a move to paid.
    """
    state = PaymentState(state)
    with transaction.atomic():
        current = lock_order(order.pk)
        if state == PaymentState.PAID:
            if current.status != OrderStatus.NEW:
                return False
            change_order_status(order=order, to=OrderStatus.PAID, actor=actor, note=note)
            return True
        if current.status != OrderStatus.NEW or current.payment_state != PaymentState.PENDING:
            return False
        order.payment_state = state
        order.save(update_fields=["payment_state", "updated_at"])
    return True


def cancel_order(*, order: Order, actor=None, note: str = "") -> Order:
    """Cancel a new or paid order: its units go back to stock, its coupon use is released."""
    return change_order_status(order=order, to=OrderStatus.CANCELLED, actor=actor, note=note)


def _give_back_stock(order: Order) -> None:
    # Lines whose variant was deleted since have nothing to go back to.
    rows = OrderLineAllocation.objects.filter(
        line__order=order, line__variant__isnull=False
    ).values_list("line__variant__product_id", "line__variant_id", "warehouse_id", "quantity")
    allocations = [Allocation(*row) for row in rows]
    give_back(allocations=allocations)
    stock_signals.send_after_commit(allocation.product_id for allocation in allocations)
