import django_filters
from wagtail.admin.filters import WagtailFilterSet

from commerce.catalog.models import Category, Product, ProductStatus
from commerce.stock.availability import STOCK_STATES, stock_state_condition


class ProductFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=ProductStatus.choices, empty_label="Any status")
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), method="filter_category", label="Category"
    )
    stock = django_filters.ChoiceFilter(
        choices=STOCK_STATES, method="filter_stock", label="Stock", empty_label="Any stock"
    )

    class Meta:
        model = Product
        fields = ["status", "category", "stock"]

    def filter_category(self, queryset, name, category):
        """The category and everything below it."""
        return queryset.filter(category__in=Category.objects.subtree_of(category))

    def filter_stock(self, queryset, name, state):
        # `sellable_stock` is annotated by the viewset's listing queryset.
        return queryset.filter(stock_state_condition(state, "sellable_stock"))
