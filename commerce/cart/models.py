"""A shopper's cart: one per guest (by the unguessable token kept in the session data, see
`commerce.shoppers`) or per account. Lines hold what the shopper asked for and the unit price
they were last shown; the price they pay always comes from the product row
(`commerce.pricing`)."""

from django.db import models
from django.db.models import Q

from commerce.catalog.purchase import MAX_QUANTITY
from commerce.shoppers.models import ShopperOwned


class Cart(ShopperOwned):
    """One per guest and one per account (`ShopperOwned` holds who owns it)."""

    coupon_code = models.CharField(
        max_length=40, blank=True, help_text="The applied coupon, normalised; empty for none."
    )
    seen_coupon_terms = models.CharField(
        max_length=120,
        blank=True,
        help_text="What the applied coupon gave when the shopper last saw the cart.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ShopperOwned.Meta):
        constraints = [
            *ShopperOwned.Meta.constraints,
            models.UniqueConstraint(fields=["user"], name="cart_one_per_account"),
            models.UniqueConstraint(fields=["guest_token"], name="cart_one_per_guest"),
        ]
        indexes = [
            models.Index(
                fields=["updated_at"], condition=Q(user__isnull=True), name="cart_guest_updated"
            ),
        ]

    def __str__(self):
        return f"Cart of {self.user}" if self.user_id else f"Guest cart {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty once the product is deleted: the shopper is told, then it goes.",
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="What the shopper chose (a size, a colour); the product's only variant when "
        "it has no choices. Empty once deleted: the shopper is told, then it goes.",
    )
    product_name = models.CharField(
        max_length=200, help_text="The name last shown, to tell the shopper what went."
    )
    quantity = models.PositiveIntegerField()
    seen_unit_price = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="The unit price the shopper was last shown; compared, never charged.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_one_per_variant"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1, quantity__lte=MAX_QUANTITY),
                name="cart_line_quantity_in_range",
                violation_error_message=f"Quantity must be from 1 to {MAX_QUANTITY}.",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"
