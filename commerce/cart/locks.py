"""The cart rows' lock. Every cart write takes it before touching lines, and the checkout
takes it after the checkout row and before `place_order`'s locks."""

from django.db.models import Q

from commerce.cart.models import Cart


def lock_carts(condition: Q) -> list[Cart]:
    """The carts matching `condition`, locked in primary-key order (`of=("self",)`), each
    with its account."""
    return list(
        Cart.objects.select_related("user")
        .filter(condition)
        .order_by("pk")
        .select_for_update(of=("self",))
    )
