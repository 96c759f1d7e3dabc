"""A mail server outage neither slows nor fails a checkout, and the confirmation goes out
once when the server is back: a real SMTP server (aiosmtpd) on a free loopback port and real
`db_worker` processes on the test database."""

import email
import os
import smtplib
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from commerce.checkout.models import PaymentProvider
from commerce.orders.tasks import send_order_confirmation
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.checkout import fill_checkout, place, placed_orders
from tests.fixtures.orders import make_delivery_method, make_payment_method
from tests.site.test_gunicorn import PROJECT_DIR, free_port, url_of_test_database

CONFIRMATION = "commerce.orders.tasks.send_order_confirmation"


class Inbox:
    """An SMTP server that keeps what it receives; stopped and started on one port."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[email.message.Message] = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def inbox():
    server = Inbox(free_port())
    yield server
    server.stop()


@pytest.fixture
def shop_settings(settings, inbox):
    """This process queues tasks in the database and would mail through the test's server."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port


def run_worker(inbox: Inbox, cache_dir) -> str:
    """One `db_worker --batch`: runs every task that is due, then exits."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.site.mail_outage_settings",
        "DATABASE_URL": url_of_test_database(),
        "TEST_SMTP_PORT": str(inbox.port),
        "TEST_TASKS_CACHE_DIR": str(cache_dir),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    finished = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    return finished.stdout + finished.stderr


def confirmations(status) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=CONFIRMATION, status=status))


@pytest.mark.django_db(transaction=True)
def test_a_mail_outage_neither_slows_nor_fails_a_checkout_and_the_mail_follows_once(
    client, shop_settings, inbox, monkeypatch, tmp_path
):
    boots = make_product(make_category("Shoes"), name="Ranger Boots", price="60.00")
    set_stock(boots, make_warehouse("main"), 5)
    parcel = make_delivery_method("Parcel", price="4.90")
    cash = make_payment_method("Cash", provider=PaymentProvider.CASH_ON_DELIVERY)
    client.post("/cart/add/", {"product": boots.pk, "quantity": 1})
    fill_checkout(client, delivery_method=parcel, payment_method=cash)
    smtp_connections = []
    monkeypatch.setattr(smtplib.SMTP, "connect", lambda *a, **k: smtp_connections.append(a))

    # The mail server is down (nothing listens on its port): the checkout does not notice.
    started = time.monotonic()
    response = place(client)
    took = time.monotonic() - started
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    [order] = placed_orders()
    assert smtp_connections == []  # no mail inside the request
    assert took < 5
    assert [task.args_kwargs["kwargs"] for task in confirmations(TaskResultStatus.READY)] == [
        {"order_id": order.pk}
    ]

    # A worker tries, fails to connect, and queues the next attempt 30 s later.
    log = run_worker(inbox, tmp_path)
    [first] = confirmations(TaskResultStatus.SUCCESSFUL)
    assert first.return_value == {"retrying": 2}
    [retry] = confirmations(TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"order_id": order.pk, "attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(seconds=20)
    assert "retrying in 0:00:30" in log
    assert inbox.messages == []

    # The server is back and the delay has passed: the next worker run sends it.
    inbox.start()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker(inbox, tmp_path)
    [message] = inbox.messages
    assert message["Subject"] == f"Your order {order.number} at Storefront"
    assert message["To"] == "grace@example.com"
    assert confirmations(TaskResultStatus.READY) == []

    # The same task queued again (say, retried by hand) does not mail twice.
    send_order_confirmation.enqueue(order_id=order.pk)
    run_worker(inbox, tmp_path)
    assert len(inbox.messages) == 1
    assert confirmations(TaskResultStatus.FAILED) == []
