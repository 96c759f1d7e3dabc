"""Shopping lists: several per shopper, a guest's by an unguessable token kept in the session
data (`commerce.shoppers`), an account's by the account. Items remember the price when they were
saved; the price shown and charged always comes from the product row.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from commerce.shoppers.models import ShopperOwned, unique_per_owner

DEFAULT_LIST_NAME = "Favourites"
NAME_MAX_LENGTH = 80
NOTE_MAX_LENGTH = 200
MAX_LISTS = 20  # per shopper
MAX_ITEMS = 100  # per list
GUEST = Q(user__isnull=True)


class ShoppingList(ShopperOwned):
    """Several per guest or account (`ShopperOwned` holds who owns it)."""

    name = models.CharField(max_length=NAME_MAX_LENGTH)
    is_default = models.BooleanField(
        default=False, help_text="The list a product goes to with one click; never deleted."
    )
    share_token = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The secret of the list's share link; empty when it is not shared.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(
        default=timezone.now,
        help_text="Last changed or viewed; guest lists unused for 90 days are deleted.",
    )

    class Meta(ShopperOwned.Meta):
        ordering = ["-is_default", "created_at", "pk"]
        verbose_name = "shopping list"
        constraints = [
            *ShopperOwned.Meta.constraints,
            *unique_per_owner(name="list_one_default", where={"is_default": True}),
            *unique_per_owner(
                Lower("name"),
                name="list_name_unique",
                violation_error_message="You already have a list with this name.",
            ),
        ]
        indexes = [
            models.Index(fields=["used_at"], condition=GUEST, name="list_guest_used"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_shared(self) -> bool:
        return bool(self.share_token)


class ListItem(models.Model):
    shopping_list = models.ForeignKey(ShoppingList, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "catalog.Product",
        null=True,
        on_delete=models.SET_NULL,
        related_name="list_items",
        help_text="Empty once the product is deleted: the item then says it is gone.",
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="list_items",
        help_text="The size or colour chosen, if any: an item may be the product alone.",
    )
    product_name = models.CharField(
        max_length=200, help_text="The name when saved, to tell the shopper what went."
    )
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    price_when_added = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="The product's price when it was saved; compared with today's, never charged.",
    )
    changed_at = models.DateTimeField(
        default=timezone.now,
        help_text="When saved or its note last changed: the newer item wins in a merge.",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "list item"
        constraints = [
            # One item per chosen variant; one per product without a choice is kept by the
            # services under the list lock (a constraint would refuse deleting a variant
            # whose item would then collide with the product's own item).
            models.UniqueConstraint(
                fields=["shopping_list", "variant"],
                condition=Q(variant__isnull=False),
                name="list_item_one_per_variant",
            ),
        ]

    def __str__(self):
        return self.product_name
