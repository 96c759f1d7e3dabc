"""Staff screens for orders, built on Wagtail's SnippetViewSet.

Orders are placed by checkout only and keep their own copy of what was sold, so staff get a
list, an inspect view and status buttons, but no add, edit, copy or delete view: the permission
policy below refuses those actions to everybody, superusers included.
"""

import django_filters
from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Case, CharField, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import path
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import localtime
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.admin_permissions import ReadOnlyIndexView, ReadOnlyPermissionPolicy
from commerce.orders.admin_views import OrderInspectView, OrderStatusView
from commerce.orders.models import Order, OrderLine, OrderStatus, PaymentState, PostalAddress
from commerce.pricing.money import format_money


class OrderPermissionPolicy(ReadOnlyPermissionPolicy):
    """Read-only orders in Wagtail's generic views.

    "view" is granted by Django's `view_order` or `change_order` (as in Django's admin); the
    status buttons check `change_order` themselves (`OrderStatusView`).
    """


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, empty_label="Any status")
    payment_state = django_filters.ChoiceFilter(
        choices=PaymentState.choices, label="Payment", empty_label="Any payment state"
    )
    created_at = django_filters.DateFromToRangeFilter(label="Placed", widget=DateRangePickerWidget)

    class Meta:
        model = Order
        fields = ["status", "payment_state", "created_at"]


def _placed(order: Order) -> str:
    return format_date(localtime(order.created_at), "j M Y, H:i")


def _customer(order: Order) -> str:
    return format_html("{}<br><small>{}</small>", order.name, order.email)


def _total(order: Order) -> str:
    return format_money(order.total, order.currency)


def line_items_expression():
    """ "2 × Trail Runner (Size: M) [TR-M]; 1 × Socks [SO-1]": the order's lines with their
    variant, as copied onto them, in one correlated subquery (no query per order)."""
    options = Case(
        When(options_label="", then=Value("")),
        default=Concat(Value(" ("), "options_label", Value(")")),
        output_field=CharField(),
    )
    text = Concat(
        Cast("quantity", CharField()),
        Value(" × "),
        "product_name",
        options,
        Value(" ["),
        "sku",
        Value("]"),
        output_field=CharField(),
    )
    lines = (
        OrderLine.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(items=StringAgg(text, delimiter="; ", order_by="pk"))
        .values("items")
    )
    return Subquery(lines, output_field=CharField())


class OrderViewSet(SnippetViewSet):
    model = Order
    icon = "doc-full"
    menu_label = "Orders"
    index_view_class = ReadOnlyIndexView
    inspect_view_class = OrderInspectView
    inspect_view_enabled = True
    inspect_template_name = "orders/admin/inspect.html"
    copy_view_enabled = False
    # Orders are saved by checkout on every purchase: keep the reference index out of it.
    add_to_reference_index = False
    list_display = [
        "number",
        Column("created_at", label="Placed", accessor=_placed, sort_key="created_at"),
        Column("customer", label="Customer", accessor=_customer, sort_key="name"),
        StatusTagColumn(
            "get_status_display",
            label="Status",
            sort_key="status",
            primary=lambda order: order.status == OrderStatus.NEW,
        ),
        Column(
            "payment_state",
            label="Payment",
            accessor="get_payment_state_display",
            sort_key="payment_state",
        ),
        Column("total", label="Total", accessor=_total, sort_key="total"),
    ]
    list_export = [
        "number",
        "created_at",
        "status",
        "payment_state",
        "name",
        "email",
        *PostalAddress.ADDRESS_FIELDS[1:],  # phone, then the address
        "delivery_method_name",
        "payment_method_name",
        "coupon_code",
        "subtotal",
        "delivery_cost",
        "discount",
        "total",
        "currency",
        "items",
    ]
    export_headings = {
        "created_at": "Placed",
        "payment_state": "Payment state",
        "items": "Items",
    }
    export_filename = "orders"
    filterset_class = OrderFilterSet
    search_fields = ["number", "email", "name"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]

    def get_queryset(self, request):
        return Order.objects.annotate(items=line_items_expression())

    @cached_property
    def status_view(self):
        return self.construct_view(OrderStatusView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/", self.status_view, name="change_status"),
        ]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            change_status_url_name=self.get_url_name("change_status"), **kwargs
        )
