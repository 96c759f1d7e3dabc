from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from home.blocks import HomeBodyBlock
from home.blocks.choosers import chosen_objects_loaded
from home.forms import RawHTMLGuardedPageForm
from home.section_cache import section_cards
from home.starter import starter_body


class HomePage(Page):
    """The storefront's front page: a short intro and the sections editors compose."""

    intro = RichTextField(blank=True, help_text="A short welcome above the sections (optional).")
    body = StreamField(HomeBodyBlock(), blank=True, default=starter_body)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    base_form_class = RawHTMLGuardedPageForm
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        permissions = [("edit_raw_html", "Can add and change raw HTML blocks")]

    def load_product_sections(self) -> dict:
        """Give every product section its cards, fetched in bulk for the whole page. Reading
        the body converts every block, with the objects they choose loaded together (given
        back, by kind). The template renders the body through `home.body_cache`."""
        with chosen_objects_loaded(self.body) as loaded:
            sections = [child.value for child in self.body if child.block_type == "products"]
        for section, cards in zip(
            sections, section_cards([s.section_request() for s in sections]), strict=True
        ):
            section.cards = cards
        return loaded
