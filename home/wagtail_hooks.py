from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.viewsets import BannerViewSet

register_snippet(BannerViewSet)


@hooks.register("register_permissions")
def raw_html_permission():
    """Lets the group editor grant `home.edit_raw_html` (the "HTML editors" group has it)."""
    return Permission.objects.filter(content_type__app_label="home", codename="edit_raw_html")
