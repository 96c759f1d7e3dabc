from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks.banner_backed import BannerBackedValue
from home.blocks.choosers import BannerChooserBlock, PictureChooserBlock
from home.blocks.links import LinkBlock

TEXT_POSITIONS = [("left", "Left"), ("centre", "Centre"), ("right", "Right")]
COLOUR_SCHEMES = [
    ("light", "Dark text on light"),
    ("dark", "Light text on dark"),
    ("brand", "Light text on the brand colour"),
]
PREVIEW_TEMPLATE = "home/blocks/preview.html"


class HeroValue(BannerBackedValue):
    """What the hero shows: a chosen banner's picture and words while it is showing,
    otherwise the hero's own."""

    @property
    def mobile_picture(self):
        return self._pick("mobile_image") or self.picture

    @property
    def calls_to_action(self) -> list:
        links = [link for link in self.get("ctas") or [] if link.href]
        banner = self.live_banner
        if not links and banner is not None and banner.link_url:
            return [{"href": banner.link_url, "text": banner.link_label or "Shop now"}]
        return links

    @property
    def is_shown(self) -> bool:
        return bool(self.heading_text or self.picture)


class HeroBlock(blocks.StructBlock):
    """A full-width picture with a heading, a text and up to two calls to action."""

    banner = BannerChooserBlock(
        required=False,
        help_text=(
            "Optional campaign: while this banner is published and not expired, its pictures, "
            "heading and text replace the ones below."
        ),
    )
    image = PictureChooserBlock(required=False, help_text="Wide picture for large screens.")
    mobile_image = PictureChooserBlock(
        required=False, help_text="Taller picture for phones; the wide one if empty."
    )
    alt_text = blocks.CharBlock(
        required=False, max_length=250, help_text="Describe the picture; empty if decorative."
    )
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    ctas = blocks.ListBlock(LinkBlock(), max_num=2, label="Calls to action", default=[])
    text_position = blocks.ChoiceBlock(choices=TEXT_POSITIONS, default="left")
    colour_scheme = blocks.ChoiceBlock(choices=COLOUR_SCHEMES, default="dark")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("banner") and not (value.get("heading") and value.get("image")):
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError("Choose a campaign banner, or give an image and a heading.")
                ]
            )
        return value

    class Meta:
        icon = "image"
        label = "Hero banner"
        template = "home/blocks/hero_block.html"
        value_class = HeroValue
        description = "A large picture with a heading, text and up to two buttons"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "heading": "The spring collection is here",
            "text": "Light layers, bright colours and everything for the first warm days.",
            "ctas": [{"label": "Shop the collection", "url": "/search/?q=spring"}],
            "text_position": "left",
            "colour_scheme": "brand",
        }
