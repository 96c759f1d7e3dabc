"""Site settings edited under Settings in the admin: the header navigation and footer
columns, and the shop's contact details and social links. Both are previewable: the preview
shows the site's homepage with the unsaved values. The storefront reads them through
pages.navigation (cached, invalidated on save)."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin

from pages.blocks import FooterColumnBlock, LinkBlock, SocialLinkBlock


class SitePreviewMixin(PreviewableMixin):
    """Previews a setting on the site's homepage: the request carries the edited instance,
    which pages.navigation uses instead of the cached values."""

    def serve_preview(self, request, mode_name):
        root = self.site.root_page.specific
        return root.serve_preview(request, root.default_preview_mode)


@register_setting(icon="list-ul")
class NavigationSettings(SitePreviewMixin, BaseSiteSetting):
    header_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Links in the main navigation, in this order. Pages marked 'show in menus' "
        "follow them.",
    )
    show_category_menu = models.BooleanField(
        default=True, help_text="Show the top categories and their children in the header."
    )
    footer_columns = StreamField([("column", FooterColumnBlock())], blank=True)
    footer_pages_heading = models.CharField(
        max_length=80,
        default="Information",
        help_text="Heading of the footer column listing pages marked 'show in footer'.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("header_links"), FieldPanel("show_category_menu")], heading="Header"
        ),
        MultiFieldPanel(
            [FieldPanel("footer_columns"), FieldPanel("footer_pages_heading")], heading="Footer"
        ),
    ]

    class Meta:
        verbose_name = "navigation"


@register_setting(icon="mail")
class ContactSettings(SitePreviewMixin, BaseSiteSetting):
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading="Contact details",
        ),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "contact details and social links"
