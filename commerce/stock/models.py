from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey


class Warehouse(models.Model):
    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=32, unique=True)
    priority = models.PositiveSmallIntegerField(
        default=10, help_text="Orders take stock from lower numbers first."
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Stock in inactive warehouses is not sold."
    )

    class Meta:
        ordering = ["priority", "code"]

    def __str__(self):
        return self.name


class StockRecordQuerySet(models.QuerySet):
    def sellable(self):
        return self.filter(warehouse__is_active=True)


class StockRecord(models.Model):
    """How many units of a product variant one warehouse holds; never below zero.

    The row names its product too (always the variant's product: a two-column foreign key
    to the variant's (id, product) holds it), so product-wide reads (listing "in stock",
    a product's total) stay one index probe.
    """

    product = ParentalKey("catalog.Product", on_delete=models.CASCADE, related_name="stock_records")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="stock_records"
    )
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stock_records")
    quantity = models.IntegerField(default=0)

    objects = StockRecordQuerySet.as_manager()

    class Meta:
        ordering = ["warehouse__priority", "warehouse__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="stock_quantity_not_negative",
                violation_error_message="Stock cannot be negative.",
            ),
            models.UniqueConstraint(
                fields=["variant", "warehouse"], name="stock_one_record_per_warehouse"
            ),
        ]
        indexes = [
            # "In stock" on listings (filter and relevance sort): an index-only probe per
            # product, the empty records left out.
            models.Index(
                fields=["product", "warehouse"],
                condition=Q(quantity__gt=0),
                name="stock_positive_by_product",
            ),
            # "Size M in stock" on listings: the same probe per variant.
            models.Index(
                fields=["variant", "warehouse"],
                condition=Q(quantity__gt=0),
                name="stock_positive_by_variant",
            ),
        ]

    def __str__(self):
        return f"{self.variant} at {self.warehouse}: {self.quantity}"
