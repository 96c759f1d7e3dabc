"""The cart rows' lock. Every cart write takes it before touching lines, and the checkout
takes it after the checkout row and before `place_order`'s locks."""

from django.db.models import Q

from commerce.cart.models import Cart
from commerce.queries import PreparedQuery

# Built once; each call filters a copy (evaluated, and so locked, only then).
_LOCKED_CARTS = Cart.objects.select_related("user").order_by("pk").select_for_update(of=("self",))
# The one cart every cart write and the checkout lock: its SQL built once (commerce.queries).
_LOCKED_CART = PreparedQuery(lambda pk: _LOCKED_CARTS.filter(pk=pk), slot=-1)


def lock_carts(condition: Q) -> list[Cart]:
    """The carts matching `condition`, locked in primary-key order (`of=("self",)`), each
    with its account."""
    return list(_LOCKED_CARTS.filter(condition))


def lock_cart(pk: int) -> Cart | None:
    """The cart `pk`, locked (`of=("self",)`), with its account; None when it is gone."""
    return _LOCKED_CART.first(pk)
