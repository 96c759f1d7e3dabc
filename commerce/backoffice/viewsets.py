"""The product and coupon screens as staff see them: the catalog's products plus what orders
and lists know, and the coupons' values written as money."""

from wagtail.admin.ui.tables import Column

from commerce.backoffice.selectors import with_sales_and_list_counts
from commerce.catalog.viewsets import ProductViewSet
from commerce.coupons.viewsets import CouponViewSet
from commerce.pricing.admin_columns import MoneyColumn
from commerce.pricing.coupons import coupon_value


def inserted_before(items: list, name: str, extra: list) -> list:
    """`items` with `extra` placed before the item called `name` (a column or a field)."""
    names = [getattr(item, "name", item) for item in items]
    at = names.index(name)
    return [*items[:at], *extra, *items[at:]]


def replaced(columns: list, column) -> list:
    """`columns` with the one of the same name as `column` replaced by it: a lower app's list
    column written as money here (the catalog and coupons may not format money)."""
    return [column if getattr(item, "name", item) == column.name else item for item in columns]


class ShopProductViewSet(ProductViewSet):
    """Adds the units sold and revenue of orders not cancelled, and how many shopping lists
    hold each product, to the list, its sorting and its export; prices are written as money."""

    list_display = inserted_before(
        replaced(
            ProductViewSet.list_display, MoneyColumn("price", label="Price", sort_key="price")
        ),
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


class ShopCouponViewSet(CouponViewSet):
    """The coupons' list with the value as the shop writes it: "10%", "€5.00"."""

    list_display = replaced(
        CouponViewSet.list_display,
        Column("value", label="Value", accessor=coupon_value, sort_key="value"),
    )
