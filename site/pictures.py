"""One source per width in a picture's `srcset`.

Wagtail's `{% picture %}` lists one rendition per size of its pattern (`fill-{240x240,480x480}`),
but a picture smaller than the larger size gives two renditions of the same width, and a
`srcset` that names a width twice is invalid HTML (the Nu HTML Checker's error; a browser may
drop the whole list). `install()` makes Wagtail keep the first rendition of each width.
"""

from wagtail.images.models import ResponsiveImage


def width_srcset(cls, renditions) -> str:
    """Wagtail's `ResponsiveImage.get_width_srcset`, each width once."""
    if len(renditions) == 1:
        return renditions[0].url  # as Wagtail does: no descriptor for a single picture
    by_width = {}
    for rendition in renditions:
        by_width.setdefault(rendition.width, rendition)
    return ", ".join(f"{rendition.url} {width}w" for width, rendition in by_width.items())


def install() -> None:
    ResponsiveImage.get_width_srcset = classmethod(width_srcset)
