"""Renditions for a storefront request: looked up, never made.

Wagtail makes a missing rendition inside the request that first asks for it (21.7 s for the
first home page after an import). Here a missing one is queued for a worker
(`commerce.catalog.tasks.make_renditions`) and the page shows a stand-in at once: the
smallest rendition of the image that exists, else the original file.
"""

from django.core.cache import cache
from wagtail.images.models import Filter

# Requests in this window ask for the same missing renditions once.
QUEUED_FOR_SECONDS = 300


def ready_renditions(image, specs) -> dict:
    """{spec: rendition} for `specs` (strings or Filters), with stand-ins for missing ones."""
    filters = [image.clean_filter_for_svg(_as_filter(spec)) for spec in specs]
    found = image.find_existing_renditions(*filters)
    _remember(image, found)
    missing = [f for f in filters if f not in found]
    if missing:
        queue_renditions(image, [f.spec for f in missing])
        stand_in = _stand_in(image, found.values())
        found.update(dict.fromkeys(missing, stand_in))
    return {f.spec: found[f] for f in filters}


def queue_renditions(image, specs: list[str]) -> None:
    """Ask a worker for these renditions, once per image and specs in QUEUED_FOR_SECONDS."""
    from commerce.catalog.tasks import make_renditions  # the task module imports models

    key = f"renditions-queued:{image.pk}:{image.file_hash or image.file.name}:{','.join(specs)}"
    if cache.add(key, True, timeout=QUEUED_FOR_SECONDS):
        make_renditions.enqueue(image_id=image.pk, specs=specs)


class ReadyImage:
    """An image as template tags see it: `get_rendition(s)` look up and queue, never encode."""

    def __init__(self, image):
        self._image = image

    def __getattr__(self, name):
        return getattr(self._image, name)

    def get_rendition(self, spec):
        return next(iter(ready_renditions(self._image, [spec]).values()))

    def get_renditions(self, *specs):
        return ready_renditions(self._image, specs)


def _as_filter(spec) -> Filter:
    return spec if isinstance(spec, Filter) else Filter(spec=spec)


def _remember(image, found: dict) -> None:
    """Put renditions read from the database into Wagtail's rendition cache, as it does."""
    Rendition = image.get_rendition_model()
    fresh = {
        Rendition.construct_cache_key(image, f.get_cache_key(image), f.spec): rendition
        for f, rendition in found.items()
        if not getattr(rendition, "_from_cache", False)
    }
    if fresh:
        Rendition.cache_backend.set_many(fresh)


def _stand_in(image, found):
    """The smallest rendition found for this tag, else the image's smallest rendition of
    any size, else the original (as a rendition object that is never saved)."""
    existing = min(found, key=lambda rendition: rendition.width, default=None)
    if existing is None:
        existing = image.renditions.order_by("width", "pk").first()
    if existing is not None:
        return existing
    original = image.get_rendition_model()(
        image=image, filter_spec="original", width=image.width, height=image.height
    )
    original.file.name = image.file.name
    return original
