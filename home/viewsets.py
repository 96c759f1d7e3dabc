from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Banner


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "image"
    menu_label = "Campaign banners"
    menu_name = "banners"
    add_to_admin_menu = True
    menu_order = 150
    list_display = [
        "name",
        Column("heading"),
        "live",
        DateColumn("go_live_at", label="Goes live"),
        DateColumn("expire_at", label="Expires"),
    ]
    list_filter = ["live", "expired"]
    search_fields = ["name", "heading"]
    list_select_related = ["latest_revision"]  # the status column reads it
