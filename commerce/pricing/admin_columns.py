"""An admin list column that writes an amount as the storefront does (`format_money`)."""

from wagtail.admin.ui.tables import Column

from commerce.catalog.admin_columns import NOWRAP
from commerce.pricing.money import format_money


class MoneyColumn(Column):
    """`MoneyColumn("price", label="Price", sort_key="price")`: "€89.90"; empty for none."""

    def __init__(self, name, **kwargs):
        kwargs.setdefault("classname", NOWRAP)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        amount = super().get_value(instance)
        return "" if amount is None else format_money(amount)
