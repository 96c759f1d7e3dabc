"""Chooser blocks that load what their templates show in the same few queries.

A StreamField converts all values of one block type at once (`bulk_to_python`), so each chooser
here costs a fixed number of queries per page, however many sections hold it. Inside
`chosen_objects_loaded(stream)` it costs none: every object the stream chooses is loaded
before, one query per kind (banners, pictures, categories, products) for all block types
together, instead of one per kind and block type (a homepage with every block type asked for
categories three times)."""

import copy
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Prefetch
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# {kind: {pk: object}} while `chosen_objects_loaded` runs.
_loaded: ContextVar[dict | None] = ContextVar("home_chosen_objects", default=None)


def images_with_renditions():
    return get_image_model().objects.prefetch_renditions()


def in_order(queryset, ids) -> list:
    """Objects for `ids` in the same order, None for missing ones, a copy for repeats."""
    return _pick(queryset.in_bulk([pk for pk in ids if pk is not None]), ids)


def _pick(found: dict, ids) -> list:
    seen, result = set(), []
    for pk in ids:
        obj = found.get(pk)
        if obj is not None and pk in seen:
            obj = copy.copy(obj)
        result.append(obj)
        seen.add(pk)
    return result


class _LoadedTogether:
    """A chooser whose objects `chosen_objects_loaded` can load for the whole stream."""

    kind = ""

    def chosen(self, *, with_pictures: bool = True):
        """The queryset this chooser's objects come from, with what templates show (their
        pictures too, unless the caller loads those)."""
        raise NotImplementedError

    def bulk_to_python(self, values):
        values = list(values)
        loaded = _loaded.get()
        if loaded is not None and self.kind in loaded:
            return _pick(loaded[self.kind], values)
        return in_order(self.chosen(), values)


@contextmanager
def chosen_objects_loaded(stream):
    """While inside, the choosers of `stream` (a StreamValue) take their objects from one
    query per kind made here. Reading the stream's blocks inside converts them all. Gives
    the loaded objects, {kind: {pk: object}}."""
    wanted: dict[str, set] = defaultdict(set)
    choosers: dict[str, _LoadedTogether] = {}
    for item in stream.raw_data:
        child = stream.stream_block.child_blocks.get(item.get("type"))
        if child is not None:
            _collect(child, item.get("value"), wanted, choosers)
    loaded = _kept_or_load(wanted, choosers)
    token = _loaded.set(loaded)
    try:
        yield loaded
    finally:
        _loaded.reset(token)


def _kept_or_load(wanted: dict[str, set], choosers: dict) -> dict[str, dict]:
    """`_load`, kept per catalog generation and banner token (home.section_cache): what is
    chosen is catalog rows, banners and pictures, each of which moves one of them on."""
    from home import section_cache

    key = tuple(sorted((kind, tuple(sorted(map(str, ids)))) for kind, ids in wanted.items()))
    return section_cache.chosen_objects(key, lambda: _load(wanted, choosers))


def _load(wanted: dict[str, set], choosers: dict) -> dict[str, dict]:
    """{kind: {pk: object}}; the pictures of banners and categories come with the chosen
    pictures in one query (and one for their renditions)."""
    loaded = {
        kind: choosers[kind].chosen(with_pictures=False).in_bulk(ids)
        for kind, ids in wanted.items()
        if kind != "picture"
    }
    holders = [
        (holder, field)
        for kind, fields in (("banner", ("image", "mobile_image")), ("category", ("image",)))
        for holder in loaded.get(kind, {}).values()
        for field in fields
    ]
    picture_ids = wanted.get("picture", set()) | {
        getattr(holder, f"{field}_id") for holder, field in holders
    }
    picture_ids.discard(None)
    pictures = images_with_renditions().in_bulk(picture_ids) if picture_ids else {}
    for holder, field in holders:
        picture_id = getattr(holder, f"{field}_id")
        if picture_id is None or picture_id in pictures:
            setattr(holder, field, pictures.get(picture_id))
    if "picture" in wanted:
        loaded["picture"] = pictures
    return loaded


def _collect(block, raw, wanted: dict, choosers: dict) -> None:
    """The chosen ids in one block's raw (JSON) value, by kind."""
    if raw is None:
        return
    if isinstance(block, _LoadedTogether):
        wanted[block.kind].add(raw)
        choosers.setdefault(block.kind, block)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            _collect(child, raw.get(name), wanted, choosers)
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and {"type", "value", "id"} <= item.keys():
                item = item["value"]  # the list's block format
            _collect(block.child_block, item, wanted, choosers)
    elif isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                _collect(child, item.get("value"), wanted, choosers)


class PictureChooserBlock(_LoadedTogether, ImageChooserBlock):
    """An image with its renditions loaded, so `{% image %}` runs no query."""

    kind = "picture"

    def chosen(self, *, with_pictures: bool = True):
        return images_with_renditions()


class BannerChooserBlock(_LoadedTogether, SnippetChooserBlock):
    """A campaign banner with both pictures and their renditions. Every chosen banner is
    loaded (the editor must not lose an expired one); templates show it only while
    `banner.is_showing`."""

    kind = "banner"

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Shown only while the banner is published and not expired.")
        super().__init__("home.Banner", **kwargs)

    def chosen(self, *, with_pictures: bool = True):
        from home.models import Banner

        if not with_pictures:
            return Banner.objects.all()
        images = images_with_renditions()
        return Banner.objects.prefetch_related(
            Prefetch("image", queryset=images), Prefetch("mobile_image", queryset=images)
        )


class CategoryChooserBlock(_LoadedTogether, SnippetChooserBlock):
    """A catalog category with its picture and renditions."""

    kind = "category"

    def __init__(self, **kwargs):
        super().__init__("catalog.Category", **kwargs)

    def chosen(self, *, with_pictures: bool = True):
        from commerce.catalog.models import Category

        if not with_pictures:
            return Category.objects.all()
        return Category.objects.prefetch_related(
            Prefetch("image", queryset=images_with_renditions())
        )


class ProductChooserBlock(_LoadedTogether, SnippetChooserBlock):
    """A product with its category (whether it is visible depends on it)."""

    kind = "product"

    def __init__(self, **kwargs):
        super().__init__("catalog.Product", **kwargs)

    def chosen(self, *, with_pictures: bool = True):
        from commerce.catalog.models import Product

        return Product.objects.select_related("category")
