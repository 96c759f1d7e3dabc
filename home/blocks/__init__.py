"""The homepage's section blocks, one module each; `HomeBodyBlock` is the page's stream."""

from home.blocks.banner_group import BannerGroupBlock
from home.blocks.body import HomeBodyBlock
from home.blocks.categories import CategoryTilesBlock
from home.blocks.hero import HeroBlock
from home.blocks.html import RAW_HTML_PERMISSION, HTMLBlock
from home.blocks.links import LinkBlock
from home.blocks.product_section import ProductSectionBlock
from home.blocks.slider import SliderBlock

__all__ = [
    "RAW_HTML_PERMISSION",
    "BannerGroupBlock",
    "CategoryTilesBlock",
    "HTMLBlock",
    "HeroBlock",
    "HomeBodyBlock",
    "LinkBlock",
    "ProductSectionBlock",
    "SliderBlock",
]
