"""Storefront template helpers: the purchase option, absolute URLs and the product page's
JSON-LD. (Money is shown by the `money` filter of `pricing_tags`.)"""

from django import template

from commerce.catalog import structured_data
from commerce.catalog.purchase import PurchaseOption
from commerce.catalog.purchase import purchase_option as option_for
from commerce.catalog.rendition_lookup import ready_renditions
from commerce.catalog.renditions import GALLERY_RENDITION

register = template.Library()


@register.simple_tag
def purchase_option(product, availability) -> PurchaseOption:
    """`{% purchase_option product availability as option %}`, for a card that has both
    loaded: whether and how many it can be bought, from the one purchase policy."""
    return option_for(product, availability)


def _absolute(context):
    request = context.get("request")
    return request.build_absolute_uri if request is not None else str


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return _absolute(context)(path)


@register.simple_tag(takes_context=True)
def product_json_ld(context, option):
    image_urls = [
        ready_renditions(picture.image, [GALLERY_RENDITION])[GALLERY_RENDITION].url
        for picture in option.product.images.all()
    ]
    data = structured_data.product_data(option, image_urls, _absolute(context))
    return structured_data.json_ld_script(data)


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, categories, product):
    data = structured_data.breadcrumb_data(categories, product, _absolute(context))
    return structured_data.json_ld_script(data)
