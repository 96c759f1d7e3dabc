"""The product screen as staff see it: the catalog's, plus what orders and lists know."""

from wagtail.admin.ui.tables import Column

from commerce.backoffice.selectors import with_sales_and_list_counts
from commerce.catalog.viewsets import ProductViewSet
from commerce.pricing.admin_columns import MoneyColumn


def inserted_before(items: list, name: str, extra: list) -> list:
    """`items` with `extra` placed before the item called `name` (a column or a field)."""
    names = [getattr(item, "name", item) for item in items]
    at = names.index(name)
    return [*items[:at], *extra, *items[at:]]


def with_money_price(columns: list) -> list:
    """The catalog's columns with the price written as money (the catalog may not format it)."""
    money = MoneyColumn("price", label="Price", sort_key="price")
    return [money if getattr(column, "name", column) == "price" else column for column in columns]


class ShopProductViewSet(ProductViewSet):
    """Adds the units sold and revenue of orders not cancelled, and how many shopping lists
    hold each product, to the list, its sorting and its export; prices are written as money."""

    list_display = inserted_before(
        with_money_price(ProductViewSet.list_display),
        "live",
        [
            Column("units_sold", label="Units sold", sort_key="units_sold"),
            MoneyColumn("revenue", label="Revenue", sort_key="revenue"),
            Column("list_count", label="Lists", sort_key="list_count"),
        ],
    )
    list_export = inserted_before(
        ProductViewSet.list_export, "sellable_stock", ["units_sold", "revenue"]
    )
    export_headings = {
        **ProductViewSet.export_headings,
        "units_sold": "Units sold",
        "revenue": "Revenue",
    }

    def get_queryset(self, request):
        return with_sales_and_list_counts(super().get_queryset(request))
