"""Whose lists are whose: the shopper (`commerce.shoppers.identity`, an account or a guest by
the random token in the session data) as the owner of lists. On login the guest's lists join
the account's (`services.merge_guest_lists`, run by `commerce.shoppers.login`).
"""

from django.db.models import QuerySet

from commerce.lists.models import ShoppingList
from commerce.shoppers import identity


class Owner(identity.Shopper):
    """A shopper as the owner of lists."""

    def lists(self) -> QuerySet:
        return ShoppingList.objects.filter(self.condition)


def current_owner(request) -> Owner | None:
    """The shopper, or None for a guest who has no token yet (no query either way)."""
    shopper = identity.current_shopper(request)
    return None if shopper is None else Owner(user=shopper.user, token=shopper.token)


def owner_to_fill(request) -> Owner:
    """The shopper, giving a guest a token kept in the session (a changed session is saved by
    Django at the end of the request)."""
    shopper = identity.shopper_to_fill(request)
    return Owner(user=shopper.user, token=shopper.token)
