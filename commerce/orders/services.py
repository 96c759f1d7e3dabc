"""Every change to a placed order: one service per change, under the order's row lock, recorded
in its history, so the admin, the payment callbacks and commands behave the same."""

from django.db import transaction

from commerce.coupons.services import release_coupon
from commerce.orders.exceptions import InvalidStatusTransition
from commerce.orders.models import (
    Order,
    OrderLineAllocation,
    OrderStatus,
    OrderStatusChange,
    PaymentState,
)
from commerce.stock import signals as stock_signals
from commerce.stock.allocation import Allocation, give_back

TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.NEW: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def allowed_transitions(status: str) -> list[str]:
    """The statuses an order in `status` may move to, in workflow order (for admin buttons)."""
    return [choice for choice in OrderStatus.values if choice in TRANSITIONS[status]]


def change_order_status(*, order: Order, to: str, actor=None, note: str = "") -> Order:
    """Move an order to status `to`, or raise `InvalidStatusTransition`.

    The order row is locked and re-read first, so two staff clicking at once cannot both move
    it (the second sees the new status). Cancelling gives the allocated units back to their
    warehouses and releases the coupon use; marking paid sets the payment state to paid.
    `order` is updated in place and returned.
    """
    to = OrderStatus(to)
    with transaction.atomic():
        current = (
            Order.objects.filter(pk=order.pk)
            .select_for_update(of=("self",))
            .values_list("status", flat=True)
            .get()
        )
        if to not in TRANSITIONS[current]:
            raise InvalidStatusTransition(from_status=current, to_status=to)
        fields = {"status": to}
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
    return order


def cancel_order(*, order: Order, actor=None, note: str = "") -> Order:
    """Cancel a new or paid order: its units go back to stock, its coupon use is released."""
    return change_order_status(order=order, to=OrderStatus.CANCELLED, actor=actor, note=note)


def _give_back_stock(order: Order) -> None:
    # Lines whose product was deleted since have nothing to go back to.
    rows = OrderLineAllocation.objects.filter(
        line__order=order, line__product__isnull=False
    ).values_list("line__product_id", "warehouse_id", "quantity")
    allocations = [Allocation(*row) for row in rows]
    give_back(allocations=allocations)
    stock_signals.send_after_commit(allocation.product_id for allocation in allocations)
