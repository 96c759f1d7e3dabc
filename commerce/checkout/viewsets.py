"""Staff screens for delivery and payment methods, built on Wagtail's SnippetViewSet
(registered in the Orders menu by `commerce/orders/wagtail_hooks.py`). Both list in the order
shoppers see them: by position, then name."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.checkout.models import DeliveryMethod, PaymentMethod


class DeliveryMethodViewSet(SnippetViewSet):
    model = DeliveryMethod
    icon = "site"
    menu_label = "Delivery methods"
    list_display = [
        "name",
        Column("price", label="Price", sort_key="price"),
        Column("free_above", label="Free above", sort_key="free_above"),
        BooleanColumn("is_active", label="Active", sort_key="is_active"),
        Column("position", label="Position", sort_key="position"),
    ]
    list_filter = ["is_active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["position", "name"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("price"), FieldPanel("free_above")]),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("position")]),
    ]


class PaymentMethodViewSet(SnippetViewSet):
    model = PaymentMethod
    icon = "key"
    menu_label = "Payment methods"
    list_display = [
        "name",
        Column("provider", label="Provider", accessor="get_provider_display", sort_key="provider"),
        BooleanColumn("is_active", label="Active", sort_key="is_active"),
        Column("position", label="Position", sort_key="position"),
    ]
    list_filter = ["provider", "is_active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["position", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("provider"),
        FieldPanel("instructions"),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("position")]),
    ]
