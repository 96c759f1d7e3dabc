"""API tokens and the responses kept for retried requests."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


class Scope(models.TextChoices):
    CATALOG_READ = "catalog:read", "Read the catalog"
    CATALOG_WRITE = "catalog:write", "Write the catalog"
    STOCK_WRITE = "stock:write", "Set stock"
    ORDERS_READ = "orders:read", "Read orders"
    ORDERS_WRITE = "orders:write", "Change orders"
    WEBHOOKS = "webhooks", "Manage webhooks"


class ApiToken(models.Model):
    """A token an ERP or warehouse system sends as `Authorization: Bearer <token>`.

    Only a SHA-256 of the secret is stored; the public prefix (the token's first characters)
    finds the row, the hash proves the rest.
    """

    name = models.CharField(max_length=100, help_text="Who uses it, e.g. “Warehouse sync”.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = ArrayField(models.CharField(max_length=20, choices=Scope.choices))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: valid until revoked."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class IdempotentResponse(models.Model):
    """The answer to a request sent with an `Idempotency-Key`, replayed for 24 hours."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_per_token")
        ]

    def __str__(self):
        return self.key
