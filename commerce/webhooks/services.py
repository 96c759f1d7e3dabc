"""Webhook writes: subscriptions, queuing an event for its subscribers, one delivery
attempt (called by the task), and "resend".

Delivery is at least once: a receiver may see an event twice (a resend, a retry after a
timeout it did answer) and should ignore an `id` it has already handled.
"""

import json
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from commerce.background import enqueue_on_commit
from commerce.webhooks import sending
from commerce.webhooks.exceptions import HostNotAllowed
from commerce.webhooks.models import (
    OPEN_STATUSES,
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookHost,
    WebhookSubscription,
    url_host,
)
from commerce.webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, new_secret, signature

RETRY_FOR = timedelta(days=1)
FIRST_DELAY = timedelta(seconds=30)
LONGEST_DELAY = timedelta(hours=6)


def is_host_allowed(url: str) -> bool:
    host = url_host(url)
    return bool(host) and WebhookHost.objects.filter(host=host).exists()


def allow_host(url: str) -> None:
    """Staff entered `url`: its host is allowed from now on."""
    host = url_host(url)
    if host:
        WebhookHost.objects.get_or_create(host=host, defaults={"note": "Added with a webhook"})


def check_url(url: str, *, entered_by_staff: bool) -> None:
    """Staff may enter any http(s) URL (its host is then allowed); anyone else only one on an
    allowed host. Raises HostNotAllowed."""
    if entered_by_staff:
        allow_host(url)
    elif not is_host_allowed(url):
        raise HostNotAllowed(url_host(url))


def create_subscription(
    *, name: str, url: str, events: list[str], is_active=True, entered_by_staff: bool
):
    with transaction.atomic():
        check_url(url, entered_by_staff=entered_by_staff)
        return WebhookSubscription.objects.create(
            name=name,
            url=url,
            events=sorted(set(events)),
            is_active=is_active,
            secret=new_secret(),
        )


def change_subscription(
    subscription: WebhookSubscription, *, changes: dict, entered_by_staff: bool
) -> WebhookSubscription:
    """Set the given fields (name, url, events, is_active) and save."""
    with transaction.atomic():
        if "url" in changes:
            check_url(changes["url"], entered_by_staff=entered_by_staff)
        if "events" in changes:
            changes = {**changes, "events": sorted(set(changes["events"]))}
        for field, value in changes.items():
            setattr(subscription, field, value)
        subscription.save()
    return subscription


def rotate_secret(subscription: WebhookSubscription) -> str:
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret"])
    return subscription.secret


def has_subscribers(event: str) -> bool:
    return WebhookSubscription.objects.filter(is_active=True, events__contains=[event]).exists()


def emit(event: str, items: list[dict]) -> list[WebhookDelivery]:
    """Queue `event` once per item (its `data`) for every active subscription to it; each
    delivery is sent by a task after the current transaction commits."""
    subscriptions = list(
        WebhookSubscription.objects.filter(is_active=True, events__contains=[event])
    )
    if not subscriptions or not items:
        return []
    now = timezone.now()
    deliveries = []
    for subscription in subscriptions:
        for data in items:
            delivery = WebhookDelivery(
                subscription=subscription,
                event=event,
                round_started_at=now,
                retry_until=now + RETRY_FOR,
                next_attempt_at=now,
            )
            delivery.body = json.dumps(
                {
                    "id": str(delivery.event_id),
                    "event": event,
                    "created_at": now.isoformat(),
                    "data": data,
                },
                separators=(",", ":"),
            )
            deliveries.append(delivery)
    deliveries = WebhookDelivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        _enqueue(delivery.pk, attempt=1)
    return deliveries


def _enqueue(delivery_id: int, *, attempt: int, run_after=None) -> None:
    from commerce.webhooks.tasks import deliver_webhook

    task = deliver_webhook if run_after is None else deliver_webhook.using(run_after=run_after)
    enqueue_on_commit(task, delivery_id=delivery_id, attempt=attempt)


def retry_delay(delivery: WebhookDelivery, now) -> timedelta:
    """Doubling: as long again as the round has lasted, from 30 s up to 6 h apart."""
    return min(max(now - delivery.round_started_at, FIRST_DELAY), LONGEST_DELAY)


def attempt_delivery(*, delivery_id: int, attempt: int) -> str:
    """POST the delivery's body, signed now, and log the attempt; on failure schedule the
    next one (or give up after a day). Returns the delivery's status afterwards, or
    "skipped" when attempt `attempt` is no longer due (delivered, resent, or run before)."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, attempts=attempt - 1, status__in=OPEN_STATUSES
    ).update(attempts=attempt)
    if not claimed:
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    started_at = timezone.now()
    timestamp = int(time.time())
    if is_host_allowed(subscription.url):
        outcome = sending.post(
            subscription.url,
            delivery.body,
            {
                "Webhook-Id": str(delivery.event_id),
                "Webhook-Event": delivery.event,
                TIMESTAMP_HEADER: str(timestamp),
                SIGNATURE_HEADER: signature(subscription.secret, timestamp, delivery.body),
            },
        )
    else:  # the host was removed from the allowed ones since: not sent, retried as usual
        outcome = sending.Outcome(None, str(HostNotAllowed(url_host(subscription.url)))[:300], 0)
    now = timezone.now()
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=attempt,
            started_at=started_at,
            duration_ms=outcome.duration_ms,
            response_code=outcome.response_code,
            error=outcome.error,
            succeeded=outcome.succeeded,
        )
        fields = {"last_response_code": outcome.response_code, "next_attempt_at": None}
        if outcome.succeeded:
            fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
        else:
            next_at = now + retry_delay(delivery, now)
            if next_at <= delivery.retry_until and _can_defer():
                fields.update(status=DeliveryStatus.RETRYING, next_attempt_at=next_at)
                _enqueue(delivery.pk, attempt=attempt + 1, run_after=next_at)
            else:
                fields.update(status=DeliveryStatus.FAILED)
        # Only if no resend started a new round meanwhile.
        WebhookDelivery.objects.filter(pk=delivery.pk, attempts=attempt).update(**fields)
    return fields["status"]


def _can_defer() -> bool:
    from commerce.webhooks.tasks import deliver_webhook

    return deliver_webhook.get_backend().supports_defer


def resend_delivery(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again, whatever its status, with a fresh day of retries."""
    now = timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.status = DeliveryStatus.PENDING
        delivery.round_started_at = now
        delivery.retry_until = now + RETRY_FOR
        delivery.next_attempt_at = now
        delivery.save(
            update_fields=["status", "round_started_at", "retry_until", "next_attempt_at"]
        )
        _enqueue(delivery.pk, attempt=delivery.attempts + 1)
    return delivery
