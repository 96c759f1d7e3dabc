"""A permission policy and a list view for staff screens that only show records: orders
(placed by checkout) and shopping lists (the shoppers' own)."""

from django.contrib.auth import get_user_model
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView

# Generic views Wagtail would offer for a model; none of them may change such a record.
LOCKED_ACTIONS = frozenset({"add", "change", "delete"})


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Add, change and delete are refused to everybody, superusers included; "view" is granted
    by Django's `view_<model>` or `change_<model>` permission (as in Django's admin)."""

    def user_has_permission(self, user, action):
        if action in LOCKED_ACTIONS:
            return False
        if action == "view":
            return user.has_perm(self._get_permission_name("view")) or user.has_perm(
                self._get_permission_name("change")
            )
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = set(actions) - LOCKED_ACTIONS
        if "view" in actions:
            actions.add("change")
        if not actions:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(
            self._get_permission_codenames(actions)
        )


class ReadOnlyIndexView(IndexView):
    """A snippet list without the bulk-action checkboxes: no bulk action (delete) applies."""

    @cached_property
    def columns(self):
        return [
            column
            for column in super().columns
            if not isinstance(column, BulkActionsCheckboxColumn)
        ]
