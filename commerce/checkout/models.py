"""Delivery and payment methods a shopper chooses at checkout (staff edit them as snippets).

Orders copy the name, cost and provider they were placed with, so editing or deleting a method
later changes no order.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

MONEY = {"max_digits": 12, "decimal_places": 2}


class MethodQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class DeliveryMethod(models.Model):
    name = models.CharField(max_length=120)
    price = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0"))])
    free_above = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Free when the cart's value (before discount) reaches this; empty: never.",
    )
    is_active = models.BooleanField("active", default=True)
    position = models.PositiveIntegerField(default=0)

    objects = MethodQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0), name="delivery_method_price_not_negative"
            ),
        ]

    def __str__(self):
        return self.name


class PaymentProvider(models.TextChoices):
    CASH_ON_DELIVERY = "cash_on_delivery", "Cash on delivery"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    TEST_GATEWAY = "test_gateway", "Test payment gateway"


class PaymentMethod(models.Model):
    name = models.CharField(max_length=120)
    provider = models.CharField(max_length=40, choices=PaymentProvider.choices)
    instructions = models.TextField(
        blank=True, help_text="Shown on the confirmation page, e.g. bank transfer details."
    )
    is_active = models.BooleanField("active", default=True)
    position = models.PositiveIntegerField(default=0)

    objects = MethodQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
