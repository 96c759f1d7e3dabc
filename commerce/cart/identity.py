"""How a shopper's cart is found.

A logged-in shopper's cart is the one row keyed by their account. A guest's cart is keyed by a
random token (`secrets.token_urlsafe(32)`, 256 bits) kept in the session *data*, on the server:
never the session key (which `login()` rotates), never an id, never anything read from a cookie
or a form. Nothing a client sends can point at another shopper's cart. On login the guest cart
is merged into the account's (`commerce.cart.receivers`).
"""

import secrets

from commerce.cart.models import Cart

SESSION_KEY = "cart_token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def session_token(request) -> str | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    token = session.get(SESSION_KEY)
    return token if isinstance(token, str) and token else None


def current_cart(request) -> Cart | None:
    """The shopper's cart, or None when they have none yet (one query at most; none for a
    guest whose session holds no token)."""
    user = request.user
    if user.is_authenticated:
        cart = Cart.objects.filter(user=user).first()
        if cart is not None:
            cart.user = user  # spare a query when the review reads the account
        return cart
    token = session_token(request)
    if token is None:
        return None
    return Cart.objects.filter(token=token, user__isnull=True).first()


def cart_to_fill(request) -> Cart:
    """The shopper's cart, or a new one not saved yet: the service that adds the first line
    saves it in its own transaction, and `remember` ties a guest's to the session after."""
    cart = current_cart(request)
    if cart is not None:
        return cart
    if request.user.is_authenticated:
        return Cart(user=request.user)
    return Cart(token=new_token())


def remember(request, cart: Cart) -> None:
    """Keep a guest cart's token in the session (a changed session is saved by Django)."""
    if cart.pk is not None and cart.token and session_token(request) != cart.token:
        request.session[SESSION_KEY] = cart.token


def forget(request) -> str | None:
    """Take the guest cart's token out of the session; returns it."""
    token = session_token(request)
    if token is not None:
        del request.session[SESSION_KEY]
    return token
