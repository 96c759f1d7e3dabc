"""Webhook delivery in the background: one task run per attempt (the retries are new runs,
deferred; see services.attempt_delivery)."""

from django_tasks import task

from commerce.webhooks.services import attempt_delivery


@task()
def deliver_webhook(*, delivery_id: int, attempt: int) -> str:
    return attempt_delivery(delivery_id=delivery_id, attempt=attempt)
