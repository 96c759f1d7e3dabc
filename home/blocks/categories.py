from wagtail import blocks

from home.blocks.choosers import CategoryChooserBlock
from home.blocks.hero import PREVIEW_TEMPLATE


class CategoryTilesBlock(blocks.StructBlock):
    """Chosen categories as tiles with their picture and name; hidden ones are left out."""

    title = blocks.CharBlock(required=False, max_length=80)
    categories = blocks.ListBlock(CategoryChooserBlock(), min_num=1, max_num=12)

    def get_preview_value(self):
        from commerce.catalog.models import Category

        tops = Category.objects.listed().roots().order_by("position", "name")[:4]
        return self.normalize({"title": "Shop by category", "categories": list(tops)})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["tiles"] = [c for c in value["categories"] if c is not None and c.is_listed]
        return context

    class Meta:
        icon = "folder-open-inverse"
        label = "Storefront categories"
        template = "home/blocks/category_tiles_block.html"
        description = "Chosen categories as picture tiles"
        preview_template = PREVIEW_TEMPLATE
