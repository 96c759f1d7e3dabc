"""Whose lists are whose.

An account's lists are the rows keyed by the account. A guest's lists share one random token
(`secrets.token_urlsafe(32)`, 256 bits) kept in the session *data*, on the server: never the
session key (which `login()` rotates), never an id or anything read from a cookie or a form.
On login the guest's lists join the account's (`receivers`, `services.merge_guest_lists`).
"""

import secrets
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from commerce.lists.models import ShoppingList

SESSION_KEY = "lists_token"


@dataclass(frozen=True)
class Owner:
    """A shopper as the owner of lists: an account (`user`) or a guest (`token`)."""

    user: object = None
    token: str | None = None

    @property
    def condition(self) -> Q:
        if self.user is not None:
            return Q(user=self.user)
        return Q(guest_token=self.token, user__isnull=True)

    def lists(self) -> QuerySet:
        return ShoppingList.objects.filter(self.condition)

    def owner_fields(self) -> dict:
        """The fields of a new list of this owner."""
        if self.user is not None:
            return {"user": self.user, "guest_token": None}
        return {"user": None, "guest_token": self.token}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def session_token(request) -> str | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    token = session.get(SESSION_KEY)
    return token if isinstance(token, str) and token else None


def current_owner(request) -> Owner | None:
    """The shopper, or None for a guest who has no lists yet (no query either way)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Owner(user=user)
    token = session_token(request)
    return Owner(token=token) if token is not None else None


def owner_to_fill(request) -> Owner:
    """The shopper, giving a guest a token kept in the session (a changed session is saved by
    Django at the end of the request)."""
    owner = current_owner(request)
    if owner is not None:
        return owner
    token = new_token()
    request.session[SESSION_KEY] = token
    return Owner(token=token)


def forget(request) -> str | None:
    """Take the guest's token out of the session; returns it."""
    token = session_token(request)
    if token is not None:
        del request.session[SESSION_KEY]
    return token
