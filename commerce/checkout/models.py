"""Delivery and payment methods a shopper chooses at checkout (staff edit them as snippets).

Orders copy the name, cost and provider they were placed with, so editing or deleting a method
later changes no order.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from commerce.orders.models import PostalAddress

MONEY = {"max_digits": 12, "decimal_places": 2}


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(32)


class MethodQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class PaymentMethodQuerySet(MethodQuerySet):
    def active(self):
        """Active methods whose provider is enabled (the test gateway only when
        `PAYMENTS_TEST_GATEWAY` is on)."""
        methods = super().active()
        if not settings.PAYMENTS_TEST_GATEWAY:
            methods = methods.exclude(provider=PaymentProvider.TEST_GATEWAY)
        return methods


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

    @property
    def is_usable(self) -> bool:
        """What `DeliveryMethod.objects.active()` selects, for a row already loaded."""
        return self.is_active


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

    objects = PaymentMethodQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def is_usable(self) -> bool:
        """What `PaymentMethod.objects.active()` selects, for a row already loaded."""
        return self.is_active and (
            settings.PAYMENTS_TEST_GATEWAY or self.provider != PaymentProvider.TEST_GATEWAY
        )

    def clean(self):
        if self.provider == PaymentProvider.TEST_GATEWAY and not settings.PAYMENTS_TEST_GATEWAY:
            raise ValidationError(
                {"provider": "The test payment gateway is switched off on this site."}
            )


class Checkout(PostalAddress):
    """A shopper's checkout in progress, kept on the server beside their cart.

    Nothing identifies it but the cart it belongs to (the shopper's own, `commerce.cart.identity`),
    so no client can point at another's. It goes stale after `CHECKOUT_IDLE_MINUTES` without a
    change (`commerce.checkout.steps`). `idempotency_key` is drawn once per checkout and sent
    to `place_order`, so submitting the same checkout twice places one order; `order` is the
    order it placed. The address fields stay empty ("") until the address step fills them.
    """

    cart = models.OneToOneField("cart.Cart", on_delete=models.CASCADE, related_name="checkout")
    email = models.EmailField(blank=True)
    delivery_method = models.ForeignKey(
        DeliveryMethod, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment_method = models.ForeignKey(
        PaymentMethod, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, default=new_idempotency_key)
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    ADDRESS_FIELDS = ("email", *PostalAddress.ADDRESS_FIELDS)
    REQUIRED_ADDRESS_FIELDS = ("email", "name", "address_line1", "postal_code", "city", "country")

    def __str__(self):
        return f"Checkout of cart {self.cart_id}"

    @property
    def has_address(self) -> bool:
        return all(getattr(self, name) for name in self.REQUIRED_ADDRESS_FIELDS)
