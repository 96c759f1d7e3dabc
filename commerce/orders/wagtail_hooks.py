"""The "Orders" admin menu: orders, coupons, delivery and payment methods.

Admin registration only. The menu gathers the sales screens of three apps, so this module
imports the coupon and checkout viewsets (the one place orders looks at checkout).
"""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from commerce.checkout.viewsets import DeliveryMethodViewSet, PaymentMethodViewSet
from commerce.coupons.viewsets import CouponViewSet
from commerce.orders.models import Order
from commerce.orders.viewsets import OrderPermissionPolicy, OrderViewSet

# Before anything asks Wagtail for the policy of Order (it would create the default one).
register_permission_policy(Order, OrderPermissionPolicy(Order))


class OrdersViewSetGroup(SnippetViewSetGroup):
    menu_label = "Orders"
    menu_icon = "clipboard-list"
    menu_order = 300
    items = (OrderViewSet, CouponViewSet, DeliveryMethodViewSet, PaymentMethodViewSet)


register_snippet(OrdersViewSetGroup)
