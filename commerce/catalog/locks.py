"""The product rows' lock, the first lock of order placement (then stock, then the coupon),
taken together with their variants' rows."""

from collections.abc import Iterable

from django.db.models import F

from commerce.catalog.models import Product, ProductVariant
from commerce.queries import InArray, PreparedQuery

# What placing an order reads of a product: no descriptions or revision data under the lock.
PRODUCT_FIELDS = ("name", "sku", "price", "status", "live", "category__is_listed")
VARIANT_FIELDS = ("product_id", "sku", "options_label", "option_key", "price")

# Its SQL is built once per process (commerce.queries), the product ids one array parameter.
_LOCKED_VARIANTS = PreparedQuery(
    lambda product_ids: (
        ProductVariant.objects.filter(InArray(F("product_id"), product_ids))
        .select_related("product__category")
        .only(*VARIANT_FIELDS, *(f"product__{name}" for name in PRODUCT_FIELDS))
        .order_by("product_id", "pk")
        .select_for_update(of=("self", "product"), no_key=True)
    ),
    slot=[-1],
)


def lock_products(
    product_ids: Iterable[int],
) -> tuple[dict[int, Product], dict[int, ProductVariant]]:
    """The products and all their variants, locked in one statement ordered by (product,
    variant): the products in primary-key order as before, each followed by its variants
    (`of=("self", "product")`: never the categories), with what the purchase policy needs of
    their category. Returns ({product id: product}, {variant id: variant}).

    `FOR NO KEY UPDATE`: it excludes every other order, price change, edit and deletion of
    these rows as `FOR UPDATE` would, but not the key-share locks a foreign-key check takes
    while a cart line or order line naming them is committed. Under `FOR UPDATE` such a write
    (product, then variant) and this lock (variant, then product) could wait on each other:
    PostgreSQL then aborted the order with "deadlock detected" (HTTP 500 under load)."""
    variants = _LOCKED_VARIANTS.objects(sorted(set(product_ids)))
    products = {variant.product.pk: variant.product for variant in variants}
    for variant in variants:
        variant.product = products[variant.product_id]  # one object per product
    return products, {variant.pk: variant for variant in variants}
