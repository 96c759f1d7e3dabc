"""The order row's lock: every change to a placed order (status, payment state, a payment
attempt) takes it first, so two of them take turns."""

from commerce.orders.models import Order


def lock_order(order_id: int) -> Order:
    """The order, re-read under its row lock (`of=("self",)`)."""
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)
