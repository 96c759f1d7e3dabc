"""Wagtail's `{% image %}`, `{% srcset_image %}` and `{% picture %}` tags, same syntax and
markup, except that they never make a rendition inside the request: a missing one is queued
for a worker and a stand-in is shown (commerce.catalog.rendition_lookup). Storefront
templates `{% load storefront_images %}` instead of `wagtailimages_tags`."""

from django import template
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from commerce.catalog.rendition_lookup import ReadyImage

register = template.Library()


class _LookUpOnly:
    def validate_image(self, context):
        image = super().validate_image(context)
        return ReadyImage(image) if image else image


class ImageNode(_LookUpOnly, wagtail_tags.ImageNode):
    pass


class SrcsetImageNode(_LookUpOnly, wagtail_tags.SrcsetImageNode):
    pass


class PictureNode(_LookUpOnly, wagtail_tags.PictureNode):
    pass


_OURS = {
    wagtail_tags.ImageNode: ImageNode,
    wagtail_tags.SrcsetImageNode: SrcsetImageNode,
    wagtail_tags.PictureNode: PictureNode,
}


def image(parser, token):
    """Parsed by Wagtail's own tag function, rendered by the look-up-only node."""
    node = wagtail_tags.image(parser, token)
    return _OURS[type(node)](node.image_expr, node.filter_specs, node.output_var_name, node.attrs)


for _name in ("image", "srcset_image", "picture"):
    register.tag(_name, image)
