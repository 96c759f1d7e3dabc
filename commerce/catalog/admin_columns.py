from django.utils.html import format_html
from wagtail.admin.ui.tables import Column

NOWRAP = "w-whitespace-nowrap"  # Wagtail's own utility class: keeps a SKU or an amount on one line


class ThumbnailColumn(Column):
    """The product's first gallery image, from renditions the listing prefetched."""

    def __init__(self, name, *, rendition: str, **kwargs):
        super().__init__(name, **kwargs)
        self.rendition = rendition

    def get_value(self, product):
        pictures = product.images.all()
        if not pictures:
            return ""
        picture = pictures[0]
        rendition = picture.image.get_rendition(self.rendition)
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            rendition.url,
            rendition.width,
            rendition.height,
            picture.alt,
        )
