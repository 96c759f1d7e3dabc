"""The one link block of the homepage, content pages and navigation settings: a label and one
target (a page, a product, a category or a URL), rendered by templates/home/blocks/link.html."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks.choosers import CategoryChooserBlock, ProductChooserBlock
from home.validators import is_safe_link, validate_link

TARGETS = ("page", "product", "category", "url")


class LinkValue(blocks.StructValue):
    """Where a link points (`href`) and what it says (`text`). A page, product or category
    that is gone, unpublished or hidden, or a stored URL that breaks the rule (saved from code
    or an older release), gives an empty href: templates and the navigation leave it out."""

    @property
    def target(self):
        return next((self.get(name) for name in TARGETS if self.get(name)), None)

    def href_for(self, site=None) -> str:
        """The address, relative to `site` when given (the navigation is built per site)."""
        if url := self.get("url"):
            return url if is_safe_link(url) else ""
        if (page := self.get("page")) and page.live:
            return page.get_url(current_site=site) or ""
        if (product := self.get("product")) and product.is_visible:
            return product.get_absolute_url()
        if (category := self.get("category")) and category.is_listed:
            return category.get_absolute_url()
        return ""

    @property
    def href(self) -> str:
        return self.href_for()

    @property
    def text(self) -> str:
        if label := self.get("label"):
            return label
        if page := self.get("page"):
            return page.title
        if target := self.get("product") or self.get("category"):
            return target.name
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """One of: a page, a product, a category or a URL. The label defaults to the page's
    title or the product's or category's name; a URL needs one."""

    label = blocks.CharBlock(
        required=False, max_length=80, help_text="Defaults to the page, product or category name."
    )
    page = blocks.PageChooserBlock(required=False)
    product = ProductChooserBlock(required=False)
    category = CategoryChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label="URL",
        help_text="A /path/ on this site, an https:// address, or a mailto: or tel: link.",
    )

    def clean(self, value):
        value = super().clean(value)
        if len([name for name in TARGETS if value.get(name)]) != 1:
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError("Choose exactly one target: a page, product, category or URL.")
                ]
            )
        url = value.get("url") or ""
        try:
            validate_link(url)
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"url": error}) from None
        if url and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError("A URL link needs a label.")}
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        form_classname = "link-block"
