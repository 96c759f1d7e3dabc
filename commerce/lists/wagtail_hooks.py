"""Admin registration only: shopping lists, read-only (see `viewsets`)."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from commerce.lists.models import ShoppingList
from commerce.lists.viewsets import ShoppingListPermissionPolicy, ShoppingListViewSet

# Before anything asks Wagtail for the policy of ShoppingList (it would create the default).
register_permission_policy(ShoppingList, ShoppingListPermissionPolicy(ShoppingList))

register_snippet(ShoppingListViewSet)
