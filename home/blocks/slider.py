from wagtail import blocks

from home.blocks.banner_backed import BannerBackedItemBlock, BannerBackedValue
from home.blocks.hero import PREVIEW_TEMPLATE


class SlideValue(BannerBackedValue):
    @property
    def is_shown(self) -> bool:
        return self.picture is not None or bool(self.heading_text)


class SlideBlock(BannerBackedItemBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)
    link = blocks.CharBlock(required=False, help_text="/path/ or https:// address")

    missing_message = "Choose a campaign banner, an image or a heading."

    def has_own_content(self, value) -> bool:
        return bool(value.get("image") or value.get("heading"))

    class Meta:
        icon = "image"
        value_class = SlideValue


class SliderBlock(blocks.StructBlock):
    """Slides that advance on their own. Without JavaScript it is a row that scrolls sideways;
    with it, previous/next/pause buttons and arrow keys, and no autoplay for visitors who
    prefer reduced motion (static/js/slider.js)."""

    title = blocks.CharBlock(required=False, max_length=80, help_text="Named for screen readers.")
    slides = blocks.ListBlock(SlideBlock(), min_num=1, max_num=10)
    interval = blocks.IntegerBlock(
        min_value=0,
        max_value=30,
        default=6,
        help_text="Seconds per slide when playing on its own; 0 turns autoplay off.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["slides"] = [slide for slide in value["slides"] if slide.is_shown]
        return context

    class Meta:
        icon = "media"
        label = "Slider"
        template = "home/blocks/slider_block.html"
        description = "Slides with pictures, headings and links that advance on their own"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "This week",
            "interval": 5,
            "slides": [
                {"heading": "New arrivals", "text": "Fresh in this week.", "link": "/search/"},
                {"heading": "Last sizes", "text": "Up to 40% off.", "link": "/search/"},
            ],
        }
