"""Reads across orders that other screens show."""

from django.db.models import DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from commerce.orders.models import MONEY, OrderLine, OrderStatus


def with_sales(products: QuerySet) -> QuerySet:
    """Annotate `units_sold` and `revenue` from order lines of orders that are not
    cancelled: one correlated subquery per figure, inside the products' own query."""
    sold_lines = (
        OrderLine.objects.filter(product=OuterRef("pk"))
        .exclude(order__status=OrderStatus.CANCELLED)
        .order_by()
        .values("product")
    )
    return products.annotate(
        units_sold=Coalesce(
            Subquery(sold_lines.annotate(units=Sum("quantity")).values("units")),
            Value(0),
            output_field=IntegerField(),
        ),
        revenue=Coalesce(
            Subquery(sold_lines.annotate(amount=Sum("line_total")).values("amount")),
            Value(0),
            output_field=DecimalField(**MONEY),
        ),
    )
