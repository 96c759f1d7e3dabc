from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks.choosers import CategoryChooserBlock, ProductChooserBlock
from home.blocks.hero import PREVIEW_TEMPLATE
from home.blocks.links import LinkBlock
from home.product_sections import SOURCES, SectionRequest, fetch_sections


class ProductSectionValue(blocks.StructValue):
    """`cards` are filled in bulk for the whole page by `HomePage.get_context`
    (home.product_sections); a section rendered on its own fetches its cards itself."""

    cards = None

    def section_request(self) -> SectionRequest:
        return SectionRequest(
            source=self.get("source"),
            limit=self.get("limit"),
            product_ids=tuple(p.pk for p in self.get("products") or [] if p is not None),
            category=self.get("category"),
            include_descendants=bool(self.get("include_descendants")),
        )


class ProductSectionBlock(blocks.StructBlock):
    """A row of product cards from hand-picked products or a rule (category, newest, on sale,
    best sellers). Only products visible on the storefront appear."""

    title = blocks.CharBlock(max_length=80)
    source = blocks.ChoiceBlock(choices=SOURCES, default="newest")
    products = blocks.ListBlock(
        ProductChooserBlock(),
        default=[],
        help_text="For hand-picked sections, in this order.",
    )
    category = CategoryChooserBlock(required=False, help_text="For category sections.")
    include_descendants = blocks.BooleanBlock(
        required=False, default=True, help_text="Also products of the category's subcategories."
    )
    limit = blocks.IntegerBlock(min_value=1, max_value=24, default=8)
    layout = blocks.ChoiceBlock(
        choices=[("grid", "Grid"), ("carousel", "Carousel (one scrollable row)")], default="grid"
    )
    link = blocks.ListBlock(
        LinkBlock(),
        max_num=1,
        default=[],
        label="'See all' link",
    )

    def clean(self, value):
        value = super().clean(value)
        source = value.get("source")
        if source == "products" and not value.get("products"):
            raise StructBlockValidationError(
                block_errors={"products": ValidationError("Choose at least one product.")}
            )
        if source == "category" and not value.get("category"):
            raise StructBlockValidationError(
                block_errors={"category": ValidationError("Choose a category.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if value.cards is None:
            value.cards = fetch_sections([value.section_request()])[0]
        context["cards"] = value.cards
        return context

    class Meta:
        icon = "list-ul"
        label = "Product section"
        template = "home/blocks/product_section_block.html"
        value_class = ProductSectionValue
        description = "Products in a grid or carousel: hand-picked, a category, newest, on sale"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"title": "New in", "source": "newest", "limit": 4, "layout": "grid"}
