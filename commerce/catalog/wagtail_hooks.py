from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from commerce.catalog.viewsets import AttributeDefinitionViewSet, CategoryViewSet, ProductViewSet
from commerce.stock.viewsets import WarehouseViewSet


class CatalogViewSetGroup(SnippetViewSetGroup):
    menu_label = "Catalog"
    menu_icon = "tag"
    menu_order = 200
    items = (ProductViewSet, CategoryViewSet, AttributeDefinitionViewSet, WarehouseViewSet)


register_snippet(CatalogViewSetGroup)
