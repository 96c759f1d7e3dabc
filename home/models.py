from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from commerce.catalog import selectors


class HomePage(Page):
    """The storefront's front page. Its sections become StreamField blocks with the
    content-editing issue; for now an intro, the top categories and the newest products."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = selectors.top_categories()
        context["cards"] = selectors.newest_products(12)
        return context
