"""Admin registration only: the orders screen's permission policy.

The "Orders" menu group, which gathers orders, coupons and the checkout's methods, is
registered by `commerce.backoffice`.
"""

from wagtail.permissions import register_permission_policy

from commerce.orders.models import Order
from commerce.orders.viewsets import OrderPermissionPolicy

# Before anything asks Wagtail for the policy of Order (it would create the default one).
register_permission_policy(Order, OrderPermissionPolicy(Order))
