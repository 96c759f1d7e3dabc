from wagtail import blocks

from home.blocks.banner_group import BannerGroupBlock
from home.blocks.categories import CategoryTilesBlock
from home.blocks.hero import HeroBlock
from home.blocks.html import HTMLBlock
from home.blocks.product_section import ProductSectionBlock
from home.blocks.slider import SliderBlock


class HomeBodyBlock(blocks.StreamBlock):
    """The homepage's sections, in any order and number."""

    hero = HeroBlock()
    products = ProductSectionBlock()
    banner_group = BannerGroupBlock()
    html = HTMLBlock()
    categories = CategoryTilesBlock()
    slider = SliderBlock()
