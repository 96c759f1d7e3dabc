"""The shop's admin menu groups, which gather the screens of several apps.

Admin registration only: each app defines its viewsets; the groups that span apps are
registered here, the one app allowed to import them all.
"""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from commerce.backoffice.viewsets import ShopCouponViewSet, ShopProductViewSet
from commerce.catalog.viewsets import AttributeDefinitionViewSet, CategoryViewSet
from commerce.checkout.viewsets import DeliveryMethodViewSet, PaymentMethodViewSet
from commerce.orders.viewsets import OrderViewSet
from commerce.stock.viewsets import WarehouseViewSet


class CatalogViewSetGroup(SnippetViewSetGroup):
    menu_label = "Catalog"
    menu_icon = "tag"
    menu_order = 200
    items = (ShopProductViewSet, CategoryViewSet, AttributeDefinitionViewSet, WarehouseViewSet)


class OrdersViewSetGroup(SnippetViewSetGroup):
    menu_label = "Orders"
    menu_icon = "clipboard-list"
    menu_order = 300
    items = (OrderViewSet, ShopCouponViewSet, DeliveryMethodViewSet, PaymentMethodViewSet)


register_snippet(CatalogViewSetGroup)
register_snippet(OrdersViewSetGroup)
