from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks.banner_backed import BannerBackedValue
from home.blocks.choosers import BannerChooserBlock, PictureChooserBlock
from home.blocks.hero import PREVIEW_TEMPLATE
from home.validators import validate_link


class BannerTileValue(BannerBackedValue):
    """A chosen banner while it is showing, else the tile's own picture; a tile whose banner
    is not showing and that has no picture of its own is left out."""

    @property
    def caption_text(self) -> str:
        banner = self.live_banner
        if banner is not None:
            return banner.caption or banner.heading
        return self.get("caption")

    @property
    def is_shown(self) -> bool:
        return self.picture is not None or bool(self.caption_text)


class BannerTileBlock(blocks.StructBlock):
    banner = BannerChooserBlock(required=False)
    image = PictureChooserBlock(required=False)
    alt_text = blocks.CharBlock(required=False, max_length=250)
    link = blocks.CharBlock(required=False, help_text="/path/ or https:// address")
    caption = blocks.CharBlock(required=False, max_length=120)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("banner") and not value.get("image"):
            raise StructBlockValidationError(
                non_block_errors=[ValidationError("Choose a campaign banner or an image.")]
            )
        try:
            validate_link(value.get("link") or "")
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"link": error}) from None
        return value

    class Meta:
        icon = "image"
        value_class = BannerTileValue


class BannerGroupBlock(blocks.StructBlock):
    """Two to four banners side by side."""

    title = blocks.CharBlock(required=False, max_length=80)
    banners = blocks.ListBlock(BannerTileBlock(), min_num=2, max_num=4)

    class Meta:
        icon = "table"
        label = "Banner group"
        template = "home/blocks/banner_group_block.html"
        description = "Two to four banners in a row"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Campaigns",
            "banners": [
                {"caption": "Linen for summer", "link": "/search/?q=linen"},
                {"caption": "Outdoor gear", "link": "/search/?q=tent"},
            ],
        }
