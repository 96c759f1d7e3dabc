from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

MONEY = {"max_digits": 12, "decimal_places": 2}


def normalise_code(code: str) -> str:
    """Codes are case-insensitive: "summer10", " Summer10 " and "SUMMER10" are one coupon."""
    return (code or "").strip().upper()


class CouponKind(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage off"
    FIXED = "fixed", "Fixed amount off"
    FREE_DELIVERY = "free_delivery", "Free delivery"


class Coupon(models.Model):
    code = models.CharField(max_length=40, help_text="Case-insensitive; stored in capitals.")
    kind = models.CharField(max_length=16, choices=CouponKind.choices)
    value = models.DecimalField(
        **MONEY,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Percent for a percentage, amount for a fixed amount; unused for free delivery.",
    )
    is_active = models.BooleanField("active", default=True)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    minimum_subtotal = models.DecimalField(
        **MONEY,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The cart's value before discount and delivery must reach this.",
    )
    usage_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Orders in total; empty for no limit."
    )
    per_customer_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Orders per e-mail address or account; empty for no limit."
    )
    times_used = models.PositiveIntegerField(default=0, editable=False)
    categories = models.ManyToManyField(
        "catalog.Category",
        blank=True,
        related_name="coupons",
        help_text="Only products in these categories (and below) are discounted; empty for all.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="coupon_code_unique_ignoring_case"),
            models.CheckConstraint(condition=Q(value__gte=0), name="coupon_value_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="percentage") | Q(value__lte=100),
                name="coupon_percentage_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="coupon_valid_until_after_from",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)


class CouponRedemption(models.Model):
    """One use of a coupon by one order; deleted when the order is cancelled (an order holding
    one cannot be deleted, so `Coupon.times_used` always equals the count of these rows)."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="coupon_redemption"
    )
    email = models.EmailField(help_text="Lower-cased, for the per-customer limit.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["coupon", "email"], name="coupon_redemption_email"),
            models.Index(fields=["coupon", "user"], name="coupon_redemption_user"),
        ]

    def __str__(self):
        return f"{self.coupon} on {self.order_id}"
