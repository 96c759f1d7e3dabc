"""The owner fields shared by every row a shopper owns (a cart, a shopping list)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ShopperOwned(models.Model):
    """Owned by an account (`user`) or by a guest (`guest_token`): exactly one of the two.

    The token is the guest's secret from `commerce.shoppers.identity`, kept in the session data
    only. NULL (not "") for an account's rows, so that the owner CHECK reads plainly. Each model
    adds the uniqueness it needs (one cart per owner, many lists).
    """

    guest_token = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="A guest's secret, kept in the session data only (never the session key).",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(guest_token__isnull=False, user__isnull=True)
                | Q(guest_token__isnull=True, user__isnull=False),
                name="%(app_label)s_%(class)s_owned_by_guest_or_account",
                violation_error_message="Owned by a guest token or by an account, not both.",
            ),
        ]


def unique_per_owner(*expressions, name: str, where=None, **options) -> list:
    """The same uniqueness twice, once among each account's rows (`<name>_per_user`) and once
    among each guest's (`<name>_per_guest`), each a partial unique index.

    `expressions` (such as `Lower("name")`) are unique together with the owner; without them
    the owner alone is (one row per owner). `where` (field lookups) narrows it further."""
    constraints = []
    for owner, is_guest, suffix in (("user", False, "user"), ("guest_token", True, "guest")):
        unique = {"fields": [owner]} if not expressions else {}
        constraints.append(
            models.UniqueConstraint(
                *((*expressions, owner) if expressions else ()),
                **unique,
                condition=Q(**(where or {}), user__isnull=is_guest),
                name=f"{name}_per_{suffix}",
                **options,
            )
        )
    return constraints
