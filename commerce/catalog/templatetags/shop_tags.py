"""Storefront template helpers: money, absolute URLs and the product page's JSON-LD."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings

from commerce.catalog import structured_data
from commerce.catalog.selectors import GALLERY_RENDITION

register = template.Library()

CENT = Decimal("0.01")


@register.filter
def money(amount) -> str:
    """Decimal("1234.5") -> "1,234.50 EUR" (settings.SHOP_CURRENCY). A float is refused: it
    would already have lost cents."""
    if amount is None or amount == "":
        return ""
    if isinstance(amount, float):
        raise TypeError("money takes a Decimal, never a float")
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:,.2f} {settings.SHOP_CURRENCY}"


def _absolute(context):
    request = context.get("request")
    return request.build_absolute_uri if request is not None else str


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return _absolute(context)(path)


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, availability):
    image_urls = [
        picture.image.get_rendition(GALLERY_RENDITION).url for picture in product.images.all()
    ]
    data = structured_data.product_data(product, availability, image_urls, _absolute(context))
    return structured_data.json_ld_script(data)


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, categories, product):
    data = structured_data.breadcrumb_data(categories, product, _absolute(context))
    return structured_data.json_ld_script(data)
