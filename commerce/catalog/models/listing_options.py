"""The options each product is found under on listings, kept by the database itself.

A product carries an option on listings when one of its variants has it (a variant attribute:
size, colour) or when the product itself has it and the option's attribute is not one of its
variant attributes (material, brand; anything of a product without variants). Listings count
and pre-filter products with this one table, as they did with the product's own option links
(same size, same index-only plans), instead of joining every variant's options.

Rows are written only by PostgreSQL triggers on the product option links, the variant
attributes and the variant option links (migration 0010): every writer (admin, importer,
services, bench generator, raw SQL) keeps it right without knowing it. Never write it.
"""

from django.db import models


class ListingOption(models.Model):
    pk = models.CompositePrimaryKey("option", "product")
    # No database constraints or indexes of their own: the triggers delete the rows with the
    # links they come from, which always go before their product or option; the primary key
    # (option first) and the index below (product first) serve the listings' lookups.
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    option = models.ForeignKey(
        "catalog.AttributeOption",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # False: the product's own option of an attribute it does not vary by (material, brand);
    # true: one of its variants has it (size, colour), so per-variant filters look there.
    is_from_variants = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(
                fields=["product", "option"],
                include=["is_from_variants"],
                name="listing_option_by_product",
            )
        ]

    def __str__(self):
        return f"{self.product_id}: {self.option_id}"
