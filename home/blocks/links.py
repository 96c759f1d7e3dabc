from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks.choosers import CategoryChooserBlock, ProductChooserBlock
from home.validators import validate_link

TARGETS = ("page", "product", "category", "url")


class LinkValue(blocks.StructValue):
    @property
    def target(self):
        return next((self.get(name) for name in TARGETS if self.get(name)), None)

    @property
    def href(self) -> str:
        """The link's address; empty when its page, product or category is gone or hidden."""
        if url := self.get("url"):
            return url
        if (page := self.get("page")) and page.live:
            return page.url or ""
        if (product := self.get("product")) and product.is_visible:
            return product.get_absolute_url()
        if (category := self.get("category")) and category.is_listed:
            return category.get_absolute_url()
        return ""

    @property
    def text(self) -> str:
        target = self.target
        return self.get("label") or (getattr(target, "title", None) or str(target or ""))


class LinkBlock(blocks.StructBlock):
    """A call to action: a label and one target (a page, a product, a category or a URL)."""

    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    product = ProductChooserBlock(required=False)
    category = CategoryChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False, label="URL", help_text="A /path/ on this site or an https:// address."
    )

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in TARGETS if value.get(name)]
        if len(chosen) != 1:
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError("Choose exactly one target: a page, product, category or URL.")
                ]
            )
        try:
            validate_link(value.get("url") or "")
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"url": error}) from None
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        form_classname = "link-block"
