"""Webhook delivery to a real receiver on loopback: signed bodies, retries with backoff,
the attempt log and "resend"."""

import hashlib
import hmac
import json
import socket
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commerce.webhooks.models import DeliveryStatus, Event, WebhookDelivery
from commerce.webhooks.services import emit

pytestmark = pytest.mark.django_db


def verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """The receiver's check, as docs/api.md shows it."""
    timestamp = headers["Webhook-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    message = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["Webhook-Signature"])


def attempts_of(delivery) -> list[tuple]:
    return list(delivery.attempt_log.values_list("number", "response_code", "succeeded"))


def test_an_event_is_posted_once_signed_with_the_subscriptions_secret(
    receiver, subscribe, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url, Event.PRODUCT_UPDATED)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {"sku": "A-1"}}])

    [request] = receiver.requests
    assert request.path == "/hooks"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Webhook-Event"] == "product.updated"
    assert request.headers["Webhook-Id"] == str(delivery.event_id)
    assert request.json["event"] == "product.updated"
    assert request.json["id"] == str(delivery.event_id)
    assert request.json["data"] == {"product": {"sku": "A-1"}}
    assert verify(subscription.secret, request.headers, request.body.encode())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert attempts_of(delivery) == [(1, 200, True)]


def test_the_signature_fails_for_another_secret_a_changed_body_or_an_old_timestamp(
    receiver, subscribe, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url, Event.PRODUCT_UPDATED)
    with django_capture_on_commit_callbacks(execute=True):
        emit(Event.PRODUCT_UPDATED, [{"product": {"sku": "A-1"}}])
    [request] = receiver.requests
    body = request.body.encode()

    assert verify(subscription.secret, request.headers, body)
    assert not verify("whsec_other", request.headers, body)
    assert not verify(subscription.secret, request.headers, body.replace(b"A-1", b"A-2"))
    old = {**request.headers, "Webhook-Timestamp": str(int(time.time()) - 600)}
    assert not verify(subscription.secret, old, body)


def test_only_active_subscriptions_to_the_event_get_it(
    receiver, subscribe, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, Event.ORDER_PAID, name="paid only")
    subscribe(receiver.url, Event.PRODUCT_UPDATED, name="paused", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert emit(Event.PRODUCT_UPDATED, [{"product": {}}]) == []
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_nothing_is_sent_when_the_transaction_rolls_back(receiver, subscribe):
    from django.db import transaction

    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    with pytest.raises(RuntimeError), transaction.atomic():
        emit(Event.PRODUCT_UPDATED, [{"product": {}}])
        raise RuntimeError
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_a_500_is_retried_after_30_seconds_then_delivered(receiver, subscribe, deferred_tasks):
    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    receiver.answers = [500]
    with deferred_tasks.commit():
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])

    assert deferred_tasks.run_next() == DeliveryStatus.RETRYING
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.last_response_code == 500
    [retry] = deferred_tasks.waiting
    assert retry.kwargs == {"delivery_id": delivery.pk, "attempt": 2}
    assert retry.task.run_after == delivery.next_attempt_at
    wait = delivery.next_attempt_at - delivery.attempt_log.get().started_at
    assert timedelta(seconds=29) < wait < timedelta(seconds=32)

    assert deferred_tasks.run_next() == DeliveryStatus.DELIVERED
    delivery.refresh_from_db()
    assert attempts_of(delivery) == [(1, 500, False), (2, 200, True)]
    assert len(receiver.requests) == 2
    assert receiver.requests[0].body == receiver.requests[1].body
    assert deferred_tasks.waiting == []


def test_a_receiver_that_is_down_is_tried_again_later(closed_port_url, subscribe, deferred_tasks):
    subscribe(closed_port_url, Event.PRODUCT_UPDATED)
    with deferred_tasks.commit():
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])

    assert deferred_tasks.run_next() == DeliveryStatus.RETRYING
    [attempt] = delivery.attempt_log.all()
    assert attempt.response_code is None
    assert "Connection refused" in attempt.error
    assert len(deferred_tasks.waiting) == 1


def test_the_delay_doubles_with_the_time_already_spent_up_to_six_hours(
    closed_port_url, subscribe, deferred_tasks
):
    subscribe(closed_port_url, Event.PRODUCT_UPDATED)
    with deferred_tasks.commit():
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])
    started = timezone.now() - timedelta(minutes=10)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(round_started_at=started)
    deferred_tasks.run_next()
    delivery.refresh_from_db()
    assert timedelta(minutes=9) < delivery.next_attempt_at - timezone.now() < timedelta(minutes=11)

    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        round_started_at=timezone.now() - timedelta(hours=20), status=DeliveryStatus.PENDING
    )
    deferred_tasks.waiting.clear()
    deferred_tasks.run_next()  # the retry queued above: attempt 2
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert timedelta(hours=5, minutes=59) < delivery.next_attempt_at - timezone.now()


def test_after_a_day_of_failures_the_delivery_is_failed_and_not_retried(
    receiver, subscribe, deferred_tasks
):
    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    receiver.answers = [503]
    with deferred_tasks.commit():
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        round_started_at=timezone.now() - timedelta(hours=23, minutes=59, seconds=50),
        retry_until=timezone.now() + timedelta(seconds=10),
    )

    assert deferred_tasks.run_next() == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.next_attempt_at) == (DeliveryStatus.FAILED, None)
    assert attempts_of(delivery) == [(1, 503, False)]
    assert deferred_tasks.waiting == []


def test_a_redirect_is_not_followed(receiver, subscribe, django_capture_on_commit_callbacks):
    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    receiver.answers = [302]
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])

    assert [request.path for request in receiver.requests] == ["/hooks"]
    assert attempts_of(delivery) == [(1, 302, False)]


def test_a_receiver_slower_than_the_timeout_fails_the_attempt(
    receiver, subscribe, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    receiver.answers = [("slow", 2)]
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])

    [attempt] = delivery.attempt_log.all()
    assert (attempt.response_code, attempt.succeeded) == (None, False)
    assert "timed out" in attempt.error
    assert attempt.duration_ms < 1900


@pytest.mark.parametrize(
    ("at_once", "dripped"),
    [
        (b"", b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        (b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 40 + b"\r\nContent-Length: 0\r\n\r\n"),
    ],
    ids=["status line", "headers"],
)
def test_a_receiver_dripping_its_answer_is_cut_off_at_the_deadline(
    drip_receiver, subscribe, settings, django_capture_on_commit_callbacks, at_once, dripped
):
    """A byte every 0.1 s: a per-socket timeout of 1 s would wait for all of it (some 5 s)
    and record a success."""
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    drip_receiver.at_once, drip_receiver.dripped = at_once, dripped
    subscribe(drip_receiver.url, Event.PRODUCT_UPDATED)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])
    took = time.monotonic() - started

    [attempt] = delivery.attempt_log.all()
    assert drip_receiver.requests == 1
    assert (attempt.response_code, attempt.succeeded) == (None, False)
    assert attempt.error == "TimeoutError: timed out"
    assert 1000 <= attempt.duration_ms < 1400
    assert took < 2


def test_an_answer_is_its_status_a_slow_body_is_not_waited_for(
    drip_receiver, subscribe, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    drip_receiver.at_once = b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"
    drip_receiver.dripped = b"x" * 50
    subscribe(drip_receiver.url, Event.PRODUCT_UPDATED)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])

    [attempt] = delivery.attempt_log.all()
    assert (attempt.response_code, attempt.succeeded, attempt.error) == (200, True, "")
    assert attempt.duration_ms < 500


def test_a_host_lookup_slower_than_the_deadline_fails_the_attempt_at_the_deadline(
    receiver, subscribe, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    lookup = socket.getaddrinfo

    def slow_lookup(*args, **kwargs):
        time.sleep(2)
        return lookup(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])

    [attempt] = delivery.attempt_log.all()
    assert (attempt.response_code, attempt.succeeded) == (None, False)
    assert attempt.error == "TimeoutError: timed out looking up 127.0.0.1"
    assert 1000 <= attempt.duration_ms < 1400
    assert receiver.requests == []


def test_a_stale_or_repeated_task_run_sends_nothing(receiver, subscribe, deferred_tasks):
    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    with deferred_tasks.commit():
        emit(Event.PRODUCT_UPDATED, [{"product": {}}])
    first = deferred_tasks.waiting[0]
    deferred_tasks.run_next()

    assert first.task.call(**first.kwargs) == "skipped"
    assert len(receiver.requests) == 1


def test_staff_resend_a_delivered_event_from_the_admin(
    receiver, subscribe, admin_client, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {"sku": "A-1"}}])
    inspect_url = reverse("webhook_deliveries:inspect", args=[delivery.pk])
    page = admin_client.get(inspect_url)
    assert page.status_code == 200
    assert page.content.decode().count("data-attempt") == 1
    assert (
        admin_client.get(reverse("webhook_deliveries:resend", args=[delivery.pk])).status_code
        == 405
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("webhook_deliveries:resend", args=[delivery.pk]))

    assert response.status_code == 302
    assert len(receiver.requests) == 2
    assert receiver.requests[1].headers["Webhook-Id"] == str(delivery.event_id)
    assert json.loads(receiver.requests[1].body) == json.loads(receiver.requests[0].body)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert attempts_of(delivery) == [(1, 200, True), (2, 200, True)]
    assert admin_client.get(inspect_url).content.decode().count("data-attempt") == 2


def test_resend_needs_the_permission_to_manage_webhooks(receiver, subscribe, client, db):
    from django.contrib.auth.models import Permission, User

    subscribe(receiver.url, Event.PRODUCT_UPDATED)
    [delivery] = emit(Event.PRODUCT_UPDATED, [{"product": {}}])  # not committed: not sent
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_webhookdelivery"),
    )
    client.force_login(clerk)

    response = client.post(reverse("webhook_deliveries:resend", args=[delivery.pk]))

    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's "denied"
    delivery.refresh_from_db()
    assert delivery.attempts == 0


def test_a_host_no_longer_allowed_is_not_called_and_the_delivery_is_retried(
    receiver, subscribe, deferred_tasks
):
    from commerce.webhooks.models import WebhookHost

    subscribe(receiver.url, Event.STOCK_LOW)
    WebhookHost.objects.filter(host="127.0.0.1").delete()
    with deferred_tasks.commit():
        [delivery] = emit(Event.STOCK_LOW, [{"product": {"sku": "A-1"}}])

    assert deferred_tasks.run_next() == DeliveryStatus.RETRYING

    assert receiver.requests == []
    [attempt] = delivery.attempt_log.all()
    assert (attempt.response_code, attempt.succeeded) == (None, False)
    assert "127.0.0.1 is not one of them" in attempt.error

    WebhookHost.objects.create(host="127.0.0.1")  # staff allow it again
    assert deferred_tasks.run_next() == DeliveryStatus.DELIVERED
    assert len(receiver.requests) == 1


def test_a_token_reaches_the_loopback_receiver_only_once_staff_allowed_its_host(
    client, receiver, django_capture_on_commit_callbacks
):
    from commerce.api.tokens import create_api_token
    from commerce.webhooks.models import WebhookHost, WebhookSubscription

    token = create_api_token(name="hooks", scopes=["webhooks"])

    def subscribe_through_the_api():
        return client.post(
            "/api/v1/webhooks",
            json.dumps({"name": "ERP", "url": receiver.url, "events": ["stock.low"]}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    refused = subscribe_through_the_api()
    assert refused.status_code == 422
    assert refused.json()["code"] == "host_not_allowed"
    assert WebhookSubscription.objects.count() == 0

    WebhookHost.objects.create(host="127.0.0.1", note="the test's receiver")
    assert subscribe_through_the_api().status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        emit(Event.STOCK_LOW, [{"product": {"sku": "A-1"}}])

    assert [request.json["event"] for request in receiver.requests] == ["stock.low"]
