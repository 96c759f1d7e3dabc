"""Order mail as tasks: queued after the commit (never sent inside the checkout), sent by a
worker, and once only however often the task runs."""

import pytest
from django.core import mail
from django_tasks import task_backends

from commerce.orders import tasks
from tests.fixtures.catalog import make_product, set_stock
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """The dummy backend: tasks are recorded, not run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"]


def queued(queue) -> list[tuple[str, dict]]:
    """The shop's own tasks (Wagtail queues its reference index updates too)."""
    return [
        (result.task.name, result.kwargs)
        for result in queue.results
        if result.task.module_path.startswith("commerce.")
    ]


def test_an_order_queues_its_confirmation_after_the_commit(
    product, methods, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = submit([(product, 1)], expected_total="94.80", **methods)
    assert queued(queue) == []

    for callback in callbacks:
        callback()
    assert queued(queue) == [("send_order_confirmation", {"order_id": order.pk})]
    assert mail.outbox == []  # the worker sends it


def test_the_confirmation_is_sent_once_however_often_the_task_runs(product, methods):
    order = submit([(product, 1)], expected_total="94.80", **methods)

    assert tasks.send_order_confirmation.call(order_id=order.pk) is True
    assert tasks.send_order_confirmation.call(order_id=order.pk) is False

    [message] = mail.outbox
    assert message.subject == f"Your order {order.number} at Storefront"
    assert "Total: €94.80" in message.body


def test_a_confirmation_for_a_deleted_order_sends_nothing():
    assert tasks.send_order_confirmation.call(order_id=987654) is False
    assert mail.outbox == []


def test_a_low_stock_alert_is_queued_with_the_rows_it_reports(
    category, warehouse, methods, settings, queue, django_capture_on_commit_callbacks
):
    settings.SHOP_STOCK_ALERT_EMAILS = ["stock@example.com"]
    settings.SHOP_LOW_STOCK_THRESHOLD = 5
    lamp = make_product(category, name="Lamp", price="10.00", sku="LAMP-1")
    set_stock(lamp, warehouse, 6)

    with django_capture_on_commit_callbacks(execute=True):
        order = submit([(lamp, 2)], expected_total="24.90", **methods)

    assert queued(queue) == [
        ("send_order_confirmation", {"order_id": order.pk}),
        ("send_low_stock_alert", {"order_number": order.number, "low": [["Lamp", "LAMP-1", 4]]}),
    ]
    alert_kwargs = queued(queue)[1][1]
    tasks.send_low_stock_alert.call(**alert_kwargs)
    tasks.send_low_stock_alert.call(**alert_kwargs)
    [alert] = mail.outbox
    assert alert.to == ["stock@example.com"]
    assert alert.body == (
        f"Order {order.number} left these products low on stock:\n\n- Lamp (LAMP-1): 4 left\n"
    )
