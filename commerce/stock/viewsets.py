from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.stock.models import Warehouse


class WarehouseViewSet(SnippetViewSet):
    model = Warehouse
    icon = "home"
    menu_label = "Warehouses"
    list_display = ["name", "code", "priority", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    search_backend_name = None
