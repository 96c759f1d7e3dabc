"""Every image size the storefront shows, in one place, and which of them an image needs.

Templates write these patterns in their `{% picture %}` / `{% image %}` tags (a test checks
that every pattern a template writes is listed here); selectors prefetch them; the
`make_renditions` task makes them ahead of the first request (commerce.catalog.tasks).
"""

from wagtail.images.models import Filter

CARD_RENDITION = "fill-160x160"  # cart and list thumbnails: 80 px shown, 160 px for sharp screens
GALLERY_RENDITION = "max-960x960"  # structured data (JSON-LD) and share previews
# Responsive <picture> elements: two widths, AVIF and WebP with JPEG as the fallback.
CARD_PICTURE = "fill-{240x240,480x480}|format-{avif,webp,jpeg}"
GALLERY_PICTURE = "max-{480x480,960x960}|format-{avif,webp,jpeg}"
CATEGORY_TILE_PICTURE = "fill-{200x200,400x400}|format-{avif,webp,jpeg}"
# Content blocks (home, pages) and the campaign banner's preview.
CONTENT_PICTURES = (
    "fill-{800x1000,1600x640}|format-{avif,webp,jpeg}",  # hero: phone and wide
    "fill-{600x250,1200x500}|format-{avif,webp,jpeg}",  # slider
    "fill-{400x250,800x500}|format-{avif,webp,jpeg}",  # banner group
    "max-{600x450,1200x900}|format-{avif,webp,jpeg}",  # image block
    "fill-{800x1000,1600x640,800x500}",  # banner preview
)


def picture_specs(*patterns: str) -> list[str]:
    """`fill-{240x240,480x480}|format-{avif,webp}` -> the four single specs, in order."""
    return [spec for pattern in patterns for spec in Filter.expand_spec(pattern)]


PRODUCT_IMAGE_SPECS = picture_specs(
    CARD_RENDITION, GALLERY_RENDITION, CARD_PICTURE, GALLERY_PICTURE
)
CATEGORY_IMAGE_SPECS = picture_specs(CATEGORY_TILE_PICTURE)
STOREFRONT_SPECS = frozenset(
    PRODUCT_IMAGE_SPECS + CATEGORY_IMAGE_SPECS + picture_specs(*CONTENT_PICTURES)
)


def specs_for(image) -> list[str]:
    """The renditions to make ahead for an image: a product's or a category's picture gets
    the sizes of its pages; other images get theirs when a page first asks (queued then)."""
    from commerce.catalog.models import Category, ProductImage

    specs = []
    if ProductImage.objects.filter(image=image).exists():
        specs += PRODUCT_IMAGE_SPECS
    if Category.objects.filter(image=image).exists():
        specs += CATEGORY_IMAGE_SPECS
    return specs
