"""Which cart is the shopper's.

Who is shopping is `commerce.shoppers.identity`: an account, or a guest by the random token in
the session data. A shopper has one cart; nothing a client sends can point at another
shopper's. On login the guest cart joins the account's (`services.merge_guest_cart`, run by
`commerce.shoppers.login`).
"""

from commerce.cart.models import Cart
from commerce.queries import unique_row
from commerce.shoppers import identity


def current_cart(request) -> Cart | None:
    """The shopper's cart, or None when they have none yet (one query at most; none for a
    guest whose session holds no token)."""
    shopper = identity.current_shopper(request)
    if shopper is None:
        return None
    cart = unique_row(Cart.objects.filter(shopper.condition))  # one cart per shopper
    if cart is not None and shopper.user is not None:
        cart.user = shopper.user  # spare a query when the review reads the account
    return cart


def cart_to_fill(request) -> Cart:
    """The shopper's cart, or a new one not saved yet: the service that adds the first line
    saves it in its own transaction, and `remember` ties a new guest token to the session after
    (so a refused first line leaves the session alone)."""
    cart = current_cart(request)
    if cart is not None:
        return cart
    shopper = identity.current_shopper(request) or identity.Shopper(token=identity.new_token())
    return Cart(**shopper.owner_fields())


def remember(request, cart: Cart) -> None:
    """Keep a guest cart's token in the session (a changed session is saved by Django)."""
    if cart.pk is not None and cart.guest_token:
        identity.keep_token(request, cart.guest_token)
