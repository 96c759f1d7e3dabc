"""`set_payment_state`: the one way payments change an order."""

import pytest

from commerce.orders.models import Order, OrderStatus, PaymentState
from commerce.orders.services import cancel_order, set_payment_state
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


def facts(order) -> tuple:
    order = Order.objects.get(pk=order.pk)
    history = [change.to_status for change in order.status_changes.all()]
    return order.status, order.payment_state, history


def test_a_decline_then_a_payment(product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    assert set_payment_state(order=order, state=PaymentState.DECLINED) is True
    assert facts(order) == (OrderStatus.NEW, PaymentState.DECLINED, ["new"])

    assert set_payment_state(order=order, state=PaymentState.PAID, note="Paid online") is True
    assert facts(order) == (OrderStatus.PAID, PaymentState.PAID, ["new", "paid"])
    assert Order.objects.get(pk=order.pk).status_changes.last().note == "Paid online"


def test_a_cancelled_order_is_left_as_it_is(product, methods):
    order = cancel_order(order=submit([(product, 1)], expected_total="94.80", **methods))

    assert set_payment_state(order=order, state=PaymentState.PAID) is False
    assert set_payment_state(order=order, state=PaymentState.DECLINED) is False
    assert facts(order) == (OrderStatus.CANCELLED, PaymentState.PENDING, ["new", "cancelled"])


def test_a_payment_recorded_by_someone_names_them_in_the_history(product, methods, ada):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    assert set_payment_state(order=order, state=PaymentState.PAID, actor=ada, note="Bank") is True

    step = Order.objects.get(pk=order.pk).status_changes.last()
    assert (step.to_status, step.actor_id, step.actor_name, step.note) == (
        OrderStatus.PAID,
        ada.pk,
        ada.get_username(),
        "Bank",
    )
