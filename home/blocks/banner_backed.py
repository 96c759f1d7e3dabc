"""What hero, banner-group tiles and slides share: an optional campaign Banner that, while it
is showing, lends its picture and words to the item; otherwise the item's own are used."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks.choosers import BannerChooserBlock, PictureChooserBlock
from home.validators import validate_link


class BannerBackedValue(blocks.StructValue):
    @property
    def live_banner(self):
        banner = self.get("banner")
        return banner if banner is not None and banner.is_showing else None

    def _pick(self, own: str, banner_field: str | None = None):
        banner = self.live_banner
        return getattr(banner, banner_field or own) if banner is not None else self.get(own)

    @property
    def picture(self):
        return self._pick("image")

    @property
    def alt(self) -> str:
        return self._pick("alt_text")

    @property
    def heading_text(self) -> str:
        return self._pick("heading")

    @property
    def body_text(self) -> str:
        return self._pick("text")

    @property
    def href(self) -> str:
        return self._pick("link", "link_url")


class BannerBackedItemBlock(blocks.StructBlock):
    """A banner-group tile or a slide: a campaign banner, or its own picture and words, and a
    typed link. A subclass adds its words and says when it has enough of its own."""

    banner = BannerChooserBlock(required=False)
    image = PictureChooserBlock(required=False)
    alt_text = blocks.CharBlock(required=False, max_length=250)

    missing_message = "Choose a campaign banner or an image."

    def has_own_content(self, value) -> bool:
        return bool(value.get("image"))

    def clean(self, value):
        value = super().clean(value)
        if not value.get("banner") and not self.has_own_content(value):
            raise StructBlockValidationError(
                non_block_errors=[ValidationError(self.missing_message)]
            )
        try:
            validate_link(value.get("link") or "")
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"link": error}) from None
        return value
