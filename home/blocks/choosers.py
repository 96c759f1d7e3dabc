"""Chooser blocks that load what their templates show in the same few queries.

A StreamField converts all values of one block type at once (`bulk_to_python`), so each chooser
here costs a fixed number of queries per page, however many sections hold it."""

import copy

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


def images_with_renditions():
    return get_image_model().objects.prefetch_renditions()


def in_order(queryset, ids) -> list:
    """Objects for `ids` in the same order, None for missing ones, a copy for repeats."""
    found = queryset.in_bulk([pk for pk in ids if pk is not None])
    seen, result = set(), []
    for pk in ids:
        obj = found.get(pk)
        if obj is not None and pk in seen:
            obj = copy.copy(obj)
        result.append(obj)
        seen.add(pk)
    return result


class PictureChooserBlock(ImageChooserBlock):
    """An image with its renditions loaded, so `{% image %}` runs no query."""

    def bulk_to_python(self, values):
        return in_order(images_with_renditions(), list(values))


class BannerChooserBlock(SnippetChooserBlock):
    """A campaign banner with both pictures and their renditions. Every chosen banner is
    loaded (the editor must not lose an expired one); templates show it only while
    `banner.is_showing`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Shown only while the banner is published and not expired.")
        super().__init__("home.Banner", **kwargs)

    def bulk_to_python(self, values):
        from home.models import Banner

        images = images_with_renditions()
        banners = Banner.objects.prefetch_related(
            Prefetch("image", queryset=images), Prefetch("mobile_image", queryset=images)
        )
        return in_order(banners, list(values))


class CategoryChooserBlock(SnippetChooserBlock):
    """A catalog category with its picture and renditions."""

    def __init__(self, **kwargs):
        super().__init__("catalog.Category", **kwargs)

    def bulk_to_python(self, values):
        from commerce.catalog.models import Category

        categories = Category.objects.prefetch_related(
            Prefetch("image", queryset=images_with_renditions())
        )
        return in_order(categories, list(values))


class ProductChooserBlock(SnippetChooserBlock):
    """A product with its category (whether it is visible depends on it)."""

    def __init__(self, **kwargs):
        super().__init__("catalog.Product", **kwargs)

    def bulk_to_python(self, values):
        from commerce.catalog.models import Product

        return in_order(Product.objects.select_related("category"), list(values))
