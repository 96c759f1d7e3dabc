"""What a shopper is told about stock: in stock, only N left, or out of stock."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from commerce.stock.models import StockRecord


@dataclass(frozen=True)
class Availability:
    quantity: int

    @property
    def in_stock(self) -> bool:
        return self.quantity > 0

    @property
    def is_low(self) -> bool:
        return 0 < self.quantity <= settings.SHOP_LOW_STOCK_THRESHOLD

    @property
    def label(self) -> str:
        if not self.in_stock:
            return "Out of stock"
        if self.is_low:
            return f"Only {self.quantity} left"
        return "In stock"

    @property
    def state(self) -> str:
        return "out" if not self.in_stock else "low" if self.is_low else "in"


STOCK_STATES = [("in", "In stock"), ("low", "Low stock"), ("out", "Out of stock")]


def stock_state_condition(state: str, quantity_field: str) -> Q:
    """The same states as `Availability.state`, as a filter on an annotated quantity."""
    threshold = settings.SHOP_LOW_STOCK_THRESHOLD
    if state == "out":
        return Q(**{f"{quantity_field}__lte": 0})
    if state == "low":
        return Q(**{f"{quantity_field}__gt": 0, f"{quantity_field}__lte": threshold})
    return Q(**{f"{quantity_field}__gt": threshold})


def sellable_quantity_expression(of: str = "product", *, outer: str = "pk"):
    """The units on hand over active warehouses, as a correlated subquery on products (or,
    `of="variant"`, on product variants; `outer` names the outer query's column holding
    their id)."""
    totals = (
        StockRecord.objects.sellable()
        .filter(**{of: OuterRef(outer)})
        .values(of)
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=IntegerField()), 0)


def with_sellable_quantity(products: QuerySet) -> QuerySet:
    """Annotate `sellable_quantity` on a product queryset, in the same query."""
    return products.annotate(sellable_quantity=sellable_quantity_expression())


def with_variant_quantity(variants: QuerySet) -> QuerySet:
    """Annotate `sellable_quantity` on a product variant queryset, in the same query."""
    return variants.annotate(sellable_quantity=sellable_quantity_expression("variant"))


def availability_of(product) -> Availability:
    """A product's units over all its variants: the annotated `sellable_quantity`, else one
    query."""
    return _availability(product, "product")


def variant_availability(variant) -> Availability:
    """One variant's units: the annotated `sellable_quantity`, else one query."""
    return _availability(variant, "variant")


def _availability(row, of: str) -> Availability:
    quantity = getattr(row, "sellable_quantity", None)
    if quantity is None:
        quantity = (
            StockRecord.objects.sellable()
            .filter(**{of: row})
            .aggregate(total=Coalesce(Sum("quantity"), 0))["total"]
        )
    return Availability(quantity)
