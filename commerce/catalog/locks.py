"""The product rows' lock, the first lock of order placement (then stock, then the coupon)."""

from collections.abc import Iterable

from commerce.catalog.models import Product

# What placing an order reads of a product: no descriptions or revision data under the lock.
PRODUCT_FIELDS = ("name", "sku", "price", "status", "live", "category__is_listed")


def lock_products(product_ids: Iterable[int]) -> dict[int, Product]:
    """The products, locked in primary-key order (`of=("self",)`: never their categories),
    with what the purchase policy needs of their category, by id."""
    products = list(
        Product.objects.filter(pk__in=sorted(set(product_ids)))
        .select_related("category")
        .only(*PRODUCT_FIELDS)
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    return {product.pk: product for product in products}
