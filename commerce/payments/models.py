"""One attempt to pay an order online. A declined attempt stays as it was; a retry is a new
attempt with a new reference, so a late or replayed callback for an old one changes nothing."""

import secrets

from django.db import models

MONEY = {"max_digits": 12, "decimal_places": 2}


def new_reference() -> str:
    return secrets.token_urlsafe(24)


class PaymentOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class Payment(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="payments")
    provider = models.CharField(max_length=40)
    reference = models.CharField(max_length=64, unique=True, default=new_reference)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    outcome = models.CharField(
        max_length=16, choices=PaymentOutcome.choices, default=PaymentOutcome.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.provider} {self.reference} ({self.outcome})"
