from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.forms import RawHTMLGuardedPageForm
from pages.blocks import ContentBodyBlock
from pages.models.seo import SeoMixin


class ContentPage(SeoMixin, Page):
    """An informational page (Help, Shipping, About...). Pages nest under the homepage and
    under each other; the URL follows the tree (/help/shipping/)."""

    body = StreamField(ContentBodyBlock(), blank=True)
    show_in_footer = models.BooleanField(
        default=False, help_text="List the page in the footer's page column."
    )

    base_form_class = RawHTMLGuardedPageForm
    content_panels = [*Page.content_panels, FieldPanel("body")]
    promote_panels = [
        *SeoMixin.seo_panels,
        MultiFieldPanel(
            [FieldPanel("show_in_menus"), FieldPanel("show_in_footer")],
            heading="Navigation",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["home.HomePage", "pages.ContentPage"]
    subpage_types = ["pages.ContentPage"]
    template = "pages/content_page.html"

    class Meta:
        verbose_name = "content page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = (
            self.get_ancestors().filter(depth__gt=2).live().only("title", "url_path")
            if self.depth > 3
            else []
        )
        return context
