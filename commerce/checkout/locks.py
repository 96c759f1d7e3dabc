"""The row locks of order placement, always taken in the same order: products, then their
stock rows, then the coupon; each set in primary-key order (`of=("self",)`: never the joined
rows), so two orders for the same products in any line order wait for each other instead of
deadlocking. Each queryset is evaluated at once, into a list, before its rows are used.

From the storefront, `commerce.checkout.submit` takes the shopper's checkout row and then
their cart row before these: checkout, cart, products, stock, coupon.
"""

from collections import defaultdict
from collections.abc import Iterable

from commerce.catalog.models import Product
from commerce.coupons.models import Coupon, normalise_code
from commerce.stock.models import StockRecord

# What placing an order reads of a product: no descriptions or revision data under the lock.
PRODUCT_FIELDS = ("name", "sku", "price", "status", "live", "category__is_listed")


def lock_products(product_ids: Iterable[int]) -> dict[int, Product]:
    """The products, locked, with what `is_buyable` needs of their category, by id."""
    products = list(
        Product.objects.filter(pk__in=sorted(set(product_ids)))
        .select_related("category")
        .only(*PRODUCT_FIELDS)
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    return {product.pk: product for product in products}


def lock_stock_records(product_ids: Iterable[int]) -> dict[int, list[StockRecord]]:
    """The products' stock rows in active warehouses, locked, with their warehouse, by
    product id."""
    records = list(
        StockRecord.objects.sellable()
        .filter(product_id__in=sorted(set(product_ids)))
        .select_related("warehouse")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    by_product: dict[int, list[StockRecord]] = defaultdict(list)
    for record in records:
        by_product[record.product_id].append(record)
    return by_product


def lock_coupon(code: str) -> Coupon | None:
    """The coupon for a code typed in any case, locked; taken last, just before writing."""
    normalised = normalise_code(code)
    if not normalised:
        return None
    return next(iter(Coupon.objects.filter(code=normalised).select_for_update(of=("self",))), None)
