"""The test payment gateway: redirect, signed callbacks, idempotency, declines and retries."""

from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from commerce.checkout.models import PaymentProvider
from commerce.orders.models import Order, OrderStatus, PaymentState
from commerce.payments.models import Payment, PaymentOutcome
from commerce.payments.providers.test_gateway import signed_callback
from tests.fixtures.cart import flashes, post_add
from tests.fixtures.checkout import fill_checkout, place
from tests.fixtures.orders import make_payment_method

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(db):
    return make_payment_method("Card", provider=PaymentProvider.TEST_GATEWAY)


@pytest.fixture
def placed(client, boots, delivery_method, card):
    """A guest placed an order paid by card and was sent to the gateway's page."""
    post_add(client, boots, 1)
    fill_checkout(client, delivery_method=delivery_method, payment_method=card)
    response = place(client)
    payment = Payment.objects.get()
    assert response.url == reverse("payments:test_gateway", args=[payment.reference])
    return payment


def answer(client, payment, outcome):
    """The shopper clicks approve or decline on the gateway's page."""
    response = client.post(
        reverse("payments:test_gateway", args=[payment.reference]), {"outcome": outcome}
    )
    assert response.status_code == 302
    return response


def order_of(payment) -> Order:
    return Order.objects.get(pk=payment.order_id)


def test_the_gateway_page_shows_the_amount(client, placed):
    page = client.get(reverse("payments:test_gateway", args=[placed.reference]))
    assert placed.amount == Decimal("14.90")
    assert "€14.90" in page.content.decode()


def test_an_approved_payment_marks_the_order_paid(client, placed):
    back = answer(client, placed, "approved")
    done = client.get(back.url, follow=True)

    order = order_of(placed)
    assert (order.status, order.payment_state) == (OrderStatus.PAID, PaymentState.PAID)
    assert "your payment was approved" in " ".join(flashes(done))
    assert [change.to_status for change in order.status_changes.all()] == ["new", "paid"]


def test_a_replayed_callback_changes_nothing(client, placed):
    back = answer(client, placed, "approved")
    client.get(back.url)
    placed.refresh_from_db()
    completed_at = placed.completed_at
    client.get(back.url)  # the browser's back button, or an attacker replaying the URL
    webhook = client.post(
        reverse("payments:callback", args=["test_gateway"]),
        signed_callback(placed.reference, "approved"),
    )

    assert webhook.status_code == 200
    placed.refresh_from_db()
    assert (placed.outcome, placed.completed_at) == (PaymentOutcome.APPROVED, completed_at)
    assert order_of(placed).status_changes.count() == 2


def test_a_declined_attempt_cannot_be_replayed_as_an_approval(client, placed):
    """A signed approval captured for an attempt that was then declined (the gateway answers
    once per attempt): the order stays unpaid."""
    approval = signed_callback(placed.reference, "approved")
    client.get(answer(client, placed, "declined").url)

    client.get(reverse("payments:return", args=["test_gateway"]), approval)

    order = order_of(placed)
    assert (order.status, order.payment_state) == (OrderStatus.NEW, PaymentState.DECLINED)
    placed.refresh_from_db()
    assert placed.outcome == PaymentOutcome.DECLINED


def test_paying_again_before_an_answer_reuses_the_open_attempt(client, placed):
    order = order_of(placed)
    client.post(reverse("payments:retry", args=[order.access_token]))
    client.post(reverse("payments:retry", args=[order.access_token]))
    assert Payment.objects.count() == 1


def test_the_test_gateway_can_be_switched_off(client, placed, settings, delivery_method):
    settings.PAYMENTS_TEST_GATEWAY = False
    page = client.get(reverse("payments:test_gateway", args=[placed.reference]))
    callback = client.get(
        reverse("payments:return", args=["test_gateway"]),
        signed_callback(placed.reference, "approved"),
    )
    assert (page.status_code, callback.status_code) == (404, 404)
    assert order_of(placed).status == OrderStatus.NEW
    offered = client.get(reverse("checkout:payment"))
    assert "Card" not in offered.content.decode()


@pytest.mark.parametrize("bad_signature", ["0" * 64, "é" * 64, ""])
def test_a_forged_callback_is_refused(client, placed, bad_signature):
    forged = {**signed_callback(placed.reference, "approved"), "signature": bad_signature}
    response = client.get(reverse("payments:return", args=["test_gateway"]), forged)
    webhook = client.post(reverse("payments:callback", args=["test_gateway"]), forged)

    assert (response.status_code, webhook.status_code) == (400, 400)
    assert order_of(placed).payment_state == PaymentState.PENDING
    placed.refresh_from_db()
    assert placed.outcome == PaymentOutcome.PENDING


def test_a_declined_signature_cannot_be_turned_into_an_approval(client, placed):
    declined = signed_callback(placed.reference, "declined")
    response = client.post(
        reverse("payments:callback", args=["test_gateway"]), {**declined, "outcome": "approved"}
    )
    assert response.status_code == 400
    assert order_of(placed).status == OrderStatus.NEW


def test_a_callback_for_an_unknown_payment_is_404(client, placed):
    response = client.post(
        reverse("payments:callback", args=["test_gateway"]), signed_callback("nope", "approved")
    )
    assert response.status_code == 404


def test_a_declined_payment_leaves_the_order_pending_with_a_retry(client, placed):
    back = answer(client, placed, "declined")
    done = client.get(back.url, follow=True)

    order = order_of(placed)
    assert (order.status, order.payment_state) == (OrderStatus.NEW, PaymentState.DECLINED)
    page = done.content.decode()
    assert "declined and nothing was charged" in page
    assert reverse("payments:retry", args=[order.access_token]) in page

    retry = client.post(reverse("payments:retry", args=[order.access_token]))
    second = Payment.objects.latest("pk")
    assert second.reference != placed.reference
    assert retry.url == reverse("payments:test_gateway", args=[second.reference])

    client.get(answer(client, second, "approved").url)
    assert order_of(second).status == OrderStatus.PAID
    # The old, declined attempt's callback replayed now changes nothing.
    client.get(
        reverse("payments:return", args=["test_gateway"]),
        signed_callback(placed.reference, "approved"),
    )
    assert order_of(placed).status_changes.count() == 2


def test_a_paid_order_offers_no_retry(client, placed):
    client.get(answer(client, placed, "approved").url)
    order = order_of(placed)
    response = client.post(reverse("payments:retry", args=[order.access_token]))
    assert Payment.objects.count() == 1
    assert response.url == reverse("checkout:done", args=[order.access_token])


def test_the_return_url_carries_a_signature(client, placed):
    back = answer(client, placed, "approved")
    query = parse_qs(urlparse(back.url).query)
    assert set(query) == {"reference", "outcome", "signature"}
    assert len(query["signature"][0]) == 64


def test_the_order_page_from_the_email_offers_the_retry_too(client, placed):
    client.get(answer(client, placed, "declined").url)
    order = order_of(placed)
    page = client.get(reverse("orders:guest_detail", args=[order.access_token]))
    assert "Try paying again" in page.content.decode()
    assert reverse("payments:retry", args=[order.access_token]) in page.content.decode()
