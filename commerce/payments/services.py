"""Paying an order online: start an attempt, apply the provider's callback once, retry.

A callback is applied under the payment's row lock and only to a pending attempt, so a
repeated or replayed callback changes nothing; an approved one marks the order paid through
the orders service (recorded in its history), a declined one leaves the order new and unpaid
with its payment state "declined" until the shopper retries.
"""

import logging

from django.db import transaction
from django.utils import timezone

from commerce.orders.locks import lock_order
from commerce.orders.models import Order, OrderStatus, PaymentState
from commerce.orders.services import set_payment_state
from commerce.payments.models import Payment, PaymentOutcome
from commerce.payments.providers import Callback, get_provider, is_enabled

logger = logging.getLogger(__name__)


class PaymentNotPossible(Exception):
    """The order cannot be paid online now (paid already, cancelled, or paid offline)."""


class UnknownPayment(Exception):
    pass


def can_pay_online(order: Order) -> bool:
    return (
        is_enabled(order.payment_provider)
        and get_provider(order.payment_provider).is_online
        and order.status == OrderStatus.NEW
        and order.payment_state != PaymentState.PAID
    )


def payment_context(order: Order) -> dict:
    """What the order's pages show about paying it: instructions and whether to offer the
    "Pay now" / "Try paying again" button."""
    return {
        "instructions": get_provider(order.payment_provider).instructions(order),
        "can_pay_online": can_pay_online(order),
    }


def start_payment(*, order: Order) -> Payment:
    """The order's open attempt, or a new one for its total when there is none (a double
    click or a second "Pay now" reuses it: one order, one open attempt, one charge). The
    shopper goes to its `redirect_url`."""
    with transaction.atomic():
        order = lock_order(order.pk)
        if not can_pay_online(order):
            raise PaymentNotPossible(order.number)
        pending = order.payments.filter(outcome=PaymentOutcome.PENDING).last()
        if pending is not None:
            return pending
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
    order_id = (
        Payment.objects.filter(reference=callback.reference, provider=provider_key)
        .values_list("order_id", flat=True)
        .first()
    )
    if order_id is None:
        raise UnknownPayment(callback.reference)
    with transaction.atomic():
        # The order first, then the payment: answers for two attempts of one order (and staff
        # changing its status) take turns.
        order = lock_order(order_id)
        payment = Payment.objects.select_for_update(of=("self",)).get(
            reference=callback.reference, provider=provider_key
        )
        if payment.outcome != PaymentOutcome.PENDING:
            return payment  # applied before: a repeat or a replay
        payment.outcome = callback.outcome
        payment.completed_at = timezone.now()
        payment.save(update_fields=["outcome", "completed_at"])
        payment.order = order
        _settle(payment, order)
    return payment


def _settle(payment: Payment, order: Order) -> None:
    if payment.outcome == PaymentOutcome.APPROVED:
        paid = set_payment_state(
            order=order, state=PaymentState.PAID, note=f"Paid online ({payment.reference})"
        )
        if not paid:
            # Paid twice, or paid after a cancellation: money to give back. Staff see the
            # approved attempt on the order; the log says why nothing else changed.
            logger.warning(
                "Order %s: payment %s approved while the order is %s: refund it",
                order.number,
                payment.reference,
                order.status,
            )
        return
    set_payment_state(order=order, state=PaymentState.DECLINED)
