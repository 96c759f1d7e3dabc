import django_filters
from django.conf import settings
from wagtail.admin.filters import WagtailFilterSet

from commerce.catalog.models import Category, Product, ProductStatus

STOCK_STATES = [("in", "In stock"), ("low", "Low stock"), ("out", "Out of stock")]


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
        # `total_stock` is annotated by the viewset's listing queryset.
        threshold = settings.SHOP_LOW_STOCK_THRESHOLD
        if state == "out":
            return queryset.filter(total_stock__lte=0)
        if state == "low":
            return queryset.filter(total_stock__gt=0, total_stock__lte=threshold)
        return queryset.filter(total_stock__gt=threshold)
