"""Storefront template helpers: the purchase option, absolute URLs and the product page's
JSON-LD, the swatch fill of cards. (Money is shown by the `money` filter of `pricing_tags`.)"""

from django import template
from django.utils.html import format_html_join

from commerce.catalog import card_html, navigation, product_page_cache, structured_data
from commerce.catalog.models.attributes import swatch_fill
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


@register.filter
def swatch(colour: dict) -> str:
    """`{{ colour|swatch }}`: the fill of a card's colour dot, from a `card_colours` entry
    (its own swatch colour, else guessed from its slug, as on the product page)."""
    return swatch_fill(colour.get("swatch_colour") or "", colour["slug"])


@register.simple_tag(takes_context=True)
def category_nav(context):
    """`{% category_nav %}`: includes/category_nav.html for the cached category menu,
    rendered once per menu (about 100 links, a millisecond per page) with the current
    page's link marked `aria-current` for this request."""
    request = context.get("request")
    return navigation.category_nav_html(request.path if request is not None else None)


@register.simple_tag(takes_context=True)
def product_card(context, product, availability, first_on_page=False):
    """`{% product_card product availability first_on_page=... %}`: includes/product_card.html,
    rendered once per version of what it shows and reused (commerce.catalog.card_html)."""
    return card_html.render_card(context, product, availability, first_on_page=first_on_page)


def _absolute(context):
    request = context.get("request")
    return request.build_absolute_uri if request is not None else str


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return _absolute(context)(path)


def _gallery_urls(option) -> list[str]:
    return [
        ready_renditions(picture.image, [GALLERY_RENDITION])[GALLERY_RENDITION].url
        for picture in option.product.images.all()
    ]


def _remembered(context, option, parts: tuple, build, held=None):
    """`build()`, remembered on the product instance for these objects and this site address:
    product pages kept per catalog generation (product_page_cache) hand every request the same
    loaded product, option and picker, which are never changed after loading."""
    memo = option.product.__dict__.setdefault("_page_meta", {})
    key = (*parts, id(option), _absolute(context)("/"))
    if key not in memo:
        memo[key] = (option, held, build())  # held: their ids are not reused meanwhile
    return memo[key][2]


@register.simple_tag(takes_context=True)
def product_json_ld(context, option, brand="", picker=None):
    """A Product with its offer, or with a variant `picker` a ProductGroup of its variants."""

    def build():
        urls, absolute = _gallery_urls(option), _absolute(context)
        if picker is not None:
            data = structured_data.product_group_data(option, picker, urls, absolute, brand)
        else:
            data = structured_data.product_data(option, urls, absolute, brand)
        return structured_data.json_ld_script(data)

    return _remembered(context, option, ("json-ld", brand, id(picker)), build, held=picker)


@register.simple_tag(takes_context=True)
def product_open_graph(context, option):
    """`<meta property="og:...">` tags of the product page; the main picture as og:image."""

    def build():
        pictures = option.product.images.all()
        image_url = _gallery_urls(option)[0] if pictures else None  # never made in a request
        properties = structured_data.open_graph(option, image_url, _absolute(context))
        return format_html_join("\n", '<meta property="{}" content="{}">', properties)

    return _remembered(context, option, ("open-graph",), build)


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, categories, product=None):
    data = structured_data.breadcrumb_data(categories, product, _absolute(context))
    return structured_data.json_ld_script(data)


@register.simple_tag(takes_context=True)
def product_page_part(context, template_name: str):
    """Include `template_name`; on a kept product page, once per catalog generation
    (`commerce.catalog.product_page_cache.render_part`)."""
    return product_page_cache.render_part(context, template_name)
