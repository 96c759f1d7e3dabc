from django.urls import path
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.action_menu import ActionMenuItem

from pages import admin_views, preview_links


@hooks.register("register_admin_urls")
def preview_link_urls():
    return [
        path(
            "preview-links/<int:content_type_id>/<str:object_id>/",
            admin_views.PreviewLinksView.as_view(),
            name="pages_preview_links",
        ),
        path(
            "preview-links/revoke/<int:pk>/",
            admin_views.revoke,
            name="pages_revoke_preview_link",
        ),
    ]


@hooks.register("register_page_header_buttons")
def share_preview_button(page, user, view_name, next_url=None):
    if view_name == "edit" and page.permissions_for_user(user).can_edit():
        yield Button(
            "Share preview link",
            url=admin_views.links_url(page),
            icon_name="link",
            priority=62,
        )


class SharePreviewMenuItem(ActionMenuItem):
    name = "action-share-preview"
    label = "Share preview link"
    icon_name = "link"

    def is_shown(self, context):
        return context.get("view") == "edit" and preview_links.can_share(
            context["request"].user, context["instance"]
        )

    def get_url(self, parent_context):
        return admin_views.links_url(parent_context["instance"])


@hooks.register("register_snippet_action_menu_item")
def share_preview_menu_item(model):
    if preview_links.is_shareable(model):
        return SharePreviewMenuItem(order=90)
    return None
