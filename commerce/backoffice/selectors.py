"""Reads for the staff screens that need more than one app's rows."""

from django.db.models import QuerySet

from commerce.lists.selectors import with_list_counts
from commerce.orders.selectors import with_sales


def with_sales_and_list_counts(products: QuerySet) -> QuerySet:
    """Annotate `units_sold` and `revenue` (orders) and `list_count` (shopping lists), each a
    correlated subquery inside the products' own query: no query per row."""
    return with_list_counts(with_sales(products))
