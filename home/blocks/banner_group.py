from wagtail import blocks

from home.blocks.banner_backed import BannerBackedItemBlock, BannerBackedValue
from home.blocks.hero import PREVIEW_TEMPLATE


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


class BannerTileBlock(BannerBackedItemBlock):
    link = blocks.CharBlock(required=False, help_text="/path/ or https:// address")
    caption = blocks.CharBlock(required=False, max_length=120)

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
