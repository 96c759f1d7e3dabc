"""Webhook subscriptions, the events queued for each, and every attempt to deliver one."""

import re
import uuid
from urllib.parse import urlsplit

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models


class Event(models.TextChoices):
    ORDER_CREATED = "order.created", "Order created"
    ORDER_PAID = "order.paid", "Order paid"
    ORDER_STATUS_CHANGED = "order.status_changed", "Order status changed"
    STOCK_LOW = "stock.low", "Stock low"
    PRODUCT_UPDATED = "product.updated", "Product updated"


WEB_URL = URLValidator(schemes=["http", "https"])


class WebhookSubscription(models.Model):
    """Where to POST which events. The secret signs every body (HMAC-SHA256); it is kept in
    clear because signing needs it."""

    name = models.CharField(max_length=100, help_text="Who receives it, e.g. “ERP orders”.")
    url = models.URLField("URL", max_length=500, validators=[WEB_URL])
    events = ArrayField(models.CharField(max_length=32, choices=Event.choices))
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "webhook subscription"

    def __str__(self):
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


class WebhookDelivery(models.Model):
    """One event for one subscription. `body` is the exact JSON sent on every attempt; a
    round of attempts runs from `round_started_at` until `retry_until` (a day), and "resend"
    starts a new round."""

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=32, choices=Event.choices)
    body = models.TextField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    round_started_at = models.DateTimeField()
    retry_until = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_open")]

    def __str__(self):
        return f"{self.event} to {self.subscription}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: what came back (a status code) or what went wrong."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField()

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_number")
        ]

    def __str__(self):
        return f"attempt {self.number}"


class LowStockMark(models.Model):
    """A product a stock.low event was sent for and that has not gone above the threshold
    since (so the event is sent once per fall, not on every stock sync)."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"low: {self.product_id}"


class WebhookHost(models.Model):
    """A host staff allow webhooks to be sent to. A subscription made through the API must
    name one of these hosts, and every delivery is checked against them again, so an API
    token cannot make the shop send requests to a host staff never entered (SSRF)."""

    host = models.CharField(
        max_length=253,
        unique=True,
        help_text="A host name or IP address, without scheme or port: erp.example.com",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Whose it is, why allowed.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["host"]
        verbose_name = "webhook host"

    def __str__(self):
        return self.host

    def save(self, *args, **kwargs):
        self.host = normal_host(self.host)
        super().save(*args, **kwargs)

    def clean(self):
        self.host = normal_host(self.host)
        if not HOST_PATTERN.fullmatch(self.host):
            raise ValidationError({"host": "Only the host: erp.example.com or 203.0.113.7."})


HOST_PATTERN = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]+")


def normal_host(host: str) -> str:
    """How hosts are compared: lower case, without a trailing dot."""
    return (host or "").strip().lower().rstrip(".")


def url_host(url: str) -> str:
    """The host of an http(s) URL, compared as `normal_host` does ("" when it has none)."""
    try:
        return normal_host(urlsplit(url).hostname or "")
    except ValueError:
        return ""
