"""Each variant as listings filter it, kept by the database itself.

"Size M in stock" must hold for one variant. Checking that variant by variant through the
option links and the stock rows costs several index probes per variant (about 4.5 variants a
product), which made filtered listings several times slower at 100,000 products. This table
holds, per variant, everything such a filter asks, so a product's check is one index-only scan
of its few rows:

- `option_ids`: the variant's options plus its product's own options of the attributes the
  product does not vary by (`ListingOption` rows that are not from variants), so every chosen
  attribute is one `&&` (overlap) test on the array;
- `stock_rows`: how many of its stock rows hold units in an active warehouse; "in stock" is
  `stock_rows > 0`. A counter, not a flag, so concurrent changes add up instead of racing.

Rows are written only by PostgreSQL triggers (migration 0011): the option links and variants
refresh `option_ids` (with `ListingOption`); a stock row changes `stock_rows` only when its
availability flips (empty to not, row added or removed, moved between warehouses), so the
order-placement update that leaves units on the shelf fires nothing; a warehouse switched on
or off recounts its variants. Never write it.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class ListingVariant(models.Model):
    # No database constraints of their own: the triggers delete the row with its variant.
    variant = models.OneToOneField(
        "catalog.ProductVariant",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    option_ids = ArrayField(models.BigIntegerField())
    stock_rows = models.IntegerField()

    class Meta:
        indexes = [
            # A product's variants with what the filters test: an index-only scan per product.
            models.Index(
                fields=["product"],
                include=["stock_rows", "option_ids"],
                name="listing_variant_by_product",
            ),
            # "In stock only" alone: the products with a variant in stock, a third of the
            # table's pages to read when a listing's whole scope is checked at once.
            models.Index(
                fields=["product"],
                condition=models.Q(stock_rows__gt=0),
                name="listing_variant_in_stock",
            ),
        ]

    def __str__(self):
        return f"{self.variant_id} of {self.product_id}"
