"""Who is shopping: an account, or a guest known by one random token.

A guest's token (`secrets.token_urlsafe(32)`, 256 bits) is kept in the session *data*, on the
server: never the session key (which `login()` rotates), never an id, never anything read from
a cookie or a form. The same token keys the guest's cart and lists, so nothing a client sends
can point at another shopper's rows. On login the token is handed over once (`login`).
"""

import secrets
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

SESSION_KEY = "guest_token"
# Before one token served both, the cart and the lists each kept their own. A session that
# still holds them is moved over on first use (`_adopt_legacy_tokens`); this can go once the
# sessions of before the change have expired: SESSION_COOKIE_AGE (two weeks) after the deploy.
LEGACY_SESSION_KEYS = ("cart_token", "lists_token")


@dataclass(frozen=True)
class Shopper:
    """An account (`user`) or a guest (`token`), as the owner of rows built on
    `commerce.shoppers.models.ShopperOwned`."""

    user: object = None
    token: str | None = None

    @property
    def condition(self) -> Q:
        """The rows of this shopper."""
        if self.user is not None:
            return Q(user=self.user)
        return Q(guest_token=self.token, user__isnull=True)

    def owner_fields(self) -> dict:
        """The owner fields of a new row of this shopper."""
        if self.user is not None:
            return {"user": self.user, "guest_token": None}
        return {"user": None, "guest_token": self.token}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def session_token(request) -> str | None:
    """The guest token in the session, or None (no query, unless an old session is moved)."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    token = session.get(SESSION_KEY)
    if _is_token(token):
        return token
    return _adopt_legacy_tokens(session)


def keep_token(request, token: str) -> None:
    """Keep a guest's token in the session (a changed session is saved by Django)."""
    if session_token(request) != token:
        request.session[SESSION_KEY] = token


def take_token(request) -> str | None:
    """Take the guest token out of the session, so it is handed over only once."""
    token = session_token(request)
    if token is not None:
        del request.session[SESSION_KEY]
    return token


def current_shopper(request) -> Shopper | None:
    """The shopper, or None for a guest without a token yet (no query either way)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Shopper(user=user)
    token = session_token(request)
    return Shopper(token=token) if token is not None else None


def shopper_to_fill(request) -> Shopper:
    """The shopper, giving a guest a token kept in the session now."""
    shopper = current_shopper(request)
    if shopper is not None:
        return shopper
    token = new_token()
    keep_token(request, token)
    return Shopper(token=token)


def _is_token(value) -> bool:
    return isinstance(value, str) and bool(value)


def _adopt_legacy_tokens(session) -> str | None:
    """Move an old session's `cart_token` / `lists_token` to the one guest token.

    The cart's token is kept (a cart's token is unique, a list's is not); rows keyed by the
    other are re-keyed to it, so a guest keeps both their cart and their lists.
    """
    tokens = [session.pop(key, None) for key in LEGACY_SESSION_KEYS]
    tokens = [token for token in tokens if _is_token(token)]
    if not tokens:
        return None
    kept = tokens[0]
    for other in tokens[1:]:
        if other != kept:
            _rekey_guest_rows(old=other, new=kept)
    session[SESSION_KEY] = kept
    return kept


def _rekey_guest_rows(*, old: str, new: str) -> None:
    from commerce.shoppers.models import ShopperOwned

    for model in apps.get_models():
        if issubclass(model, ShopperOwned):
            model._default_manager.filter(guest_token=old, user__isnull=True).update(
                guest_token=new
            )
