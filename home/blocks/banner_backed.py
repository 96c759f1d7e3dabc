"""What hero, banner-group tiles and slides share: an optional campaign Banner that, while it
is showing, lends its picture and words to the item; otherwise the item's own are used."""

from wagtail import blocks


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
