from django.utils.functional import SimpleLazyObject

from commerce.cart import selectors


def cart_summary(request):
    """`cart_count`: the units in the shopper's cart, for the header. Lazy: counted (one
    query; none for a guest without a cart) only when a template shows it. A view that has
    the count already (the cart page) passes its own `cart_count`, which wins."""
    return {"cart_count": SimpleLazyObject(lambda: selectors.cart_item_count(request))}
