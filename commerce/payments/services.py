"""Paying an order online: start an attempt, apply the provider's callback once, retry.

A callback is applied under the payment's row lock and only to a pending attempt, so a
repeated or replayed callback changes nothing; an approved one marks the order paid through
the orders service (recorded in its history), a declined one leaves the order new and unpaid
with its payment state "declined" until the shopper retries.
"""

from django.db import transaction
from django.utils import timezone

from commerce.orders.models import Order, OrderStatus, PaymentState
from commerce.orders.services import change_order_status
from commerce.payments.models import Payment, PaymentOutcome
from commerce.payments.providers import Callback, get_provider


class PaymentNotPossible(Exception):
    """The order cannot be paid online now (paid already, cancelled, or paid offline)."""


class UnknownPayment(Exception):
    pass


def can_pay_online(order: Order) -> bool:
    return (
        get_provider(order.payment_provider).is_online
        and order.status == OrderStatus.NEW
        and order.payment_state != PaymentState.PAID
    )


def start_payment(*, order: Order) -> Payment:
    """A new pending attempt for the order's total; the shopper goes to its `redirect_url`."""
    if not can_pay_online(order):
        raise PaymentNotPossible(order.number)
    return Payment.objects.create(
        order=order,
        provider=order.payment_provider,
        amount=order.total,
        currency=order.currency,
    )


def redirect_url(payment: Payment) -> str:
    return get_provider(payment.provider).redirect_url(payment)


def apply_callback(*, provider_key: str, data) -> Payment:
    """Verify a provider's callback and apply it once. Raises `InvalidCallback` for a forged
    or malformed one and `UnknownPayment` for a reference the shop never issued."""
    callback: Callback = get_provider(provider_key).verify_callback(data)
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("order")
            .filter(reference=callback.reference, provider=provider_key)
            .first()
        )
        if payment is None:
            raise UnknownPayment(callback.reference)
        if payment.outcome != PaymentOutcome.PENDING:
            return payment  # applied before: a repeat or a replay
        payment.outcome = callback.outcome
        payment.completed_at = timezone.now()
        payment.save(update_fields=["outcome", "completed_at"])
        _settle(payment)
    return payment


def _settle(payment: Payment) -> None:
    order = payment.order
    if payment.outcome == PaymentOutcome.APPROVED:
        if order.status == OrderStatus.NEW:
            change_order_status(
                order=order, to=OrderStatus.PAID, note=f"Paid online ({payment.reference})"
            )
        # An approval for a cancelled order is left for staff to refund (visible in the admin).
        return
    if order.payment_state == PaymentState.PENDING:
        order.payment_state = PaymentState.DECLINED
        order.save(update_fields=["payment_state", "updated_at"])
