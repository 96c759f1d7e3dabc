"""Staff screens for shopping lists: read-only, because lists are the shoppers' own. Staff see
what people want (lists, their items, how many lists hold a product: the product list's
"Lists" column), and never add, edit, copy or delete a list: the permission policy refuses
those actions to everybody, superusers included.
"""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from commerce.admin_permissions import ReadOnlyIndexView, ReadOnlyPermissionPolicy
from commerce.lists.models import ListItem, ShoppingList


class ShoppingListPermissionPolicy(ReadOnlyPermissionPolicy):
    """Read-only lists: "view" is Django's `view_shoppinglist` (or `change_shoppinglist`)."""


def owner_label(shopping_list: ShoppingList) -> str:
    return (
        shopping_list.user.email or shopping_list.user.get_username()
        if shopping_list.user_id
        else "Guest"
    )


def _used(shopping_list: ShoppingList) -> str:
    return format_date(localtime(shopping_list.used_at), "j M Y, H:i")


class ShoppingListInspectView(InspectView):
    def get_object(self, queryset=None):
        items = ListItem.objects.select_related("product").order_by("pk")
        lists = ShoppingList.objects.select_related("user").prefetch_related(
            Prefetch("items", queryset=items)
        )
        return get_object_or_404(lists, pk=self.pk)

    def get_fields(self):
        return ["name", "owner", "is_default", "shared", "created_at", "used_at", "items"]

    def get_field_label(self, field_name, field):
        labels = {"owner": "Owner", "shared": "Shared by link", "items": "Items"}
        return labels.get(field_name) or super().get_field_label(field_name, field)

    def get_owner_display_value(self):
        return owner_label(self.object)

    def get_shared_display_value(self):
        return "Yes" if self.object.is_shared else "No"

    def get_items_display_value(self):
        items = list(self.object.items.all())
        if not items:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} (saved at {}){}</li>",
                (
                    (
                        item.product_name,
                        item.price_when_added,
                        format_html(": <em>{}</em>", item.note) if item.note else "",
                    )
                    for item in items
                ),
            ),
        )


class ShoppingListViewSet(SnippetViewSet):
    model = ShoppingList
    icon = "list-ul"
    menu_label = "Shopping lists"
    menu_order = 350
    add_to_admin_menu = True
    index_view_class = ReadOnlyIndexView
    inspect_view_class = ShoppingListInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "name",
        Column("owner", label="Owner", accessor=owner_label),
        Column("item_count", label="Items", sort_key="item_count"),
        "is_default",
        Column("is_shared", label="Shared"),
        Column("used_at", label="Last used", accessor=_used, sort_key="used_at"),
    ]
    list_filter = ["is_default"]
    search_fields = ["name", "user__email"]
    search_backend_name = None
    ordering = ["-used_at", "-pk"]

    def get_queryset(self, request):
        return ShoppingList.objects.select_related("user").annotate(item_count=Count("items"))
