"""schema.org JSON-LD for the product page (Product with its Offer, or for a product with
choices a ProductGroup with a Product per variant; and a BreadcrumbList)
and the category pages (a BreadcrumbList),
as plain dictionaries; `json_ld_script` prints one safely inside HTML."""

import html
import json
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from commerce.catalog.models import Category, Product
from commerce.catalog.purchase import PurchaseOption

SCHEMA = "https://schema.org"
IN_STOCK = f"{SCHEMA}/InStock"
OUT_OF_STOCK = f"{SCHEMA}/OutOfStock"
DISCONTINUED = f"{SCHEMA}/Discontinued"
NEW_CONDITION = f"{SCHEMA}/NewCondition"
META_DESCRIPTION_LENGTH = 160

# The same escapes as django.utils.html.json_script: no "</script>", "<!--" or "&" can end
# or change the script element, whatever a product's name holds.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.IGNORECASE)

Absolute = Callable[[str], str]


def plain_text(rich_text: str, limit: int | None = None) -> str:
    """Rich text as one line of plain text (entities decoded), cut at a word if `limit`."""
    text = html.unescape(strip_tags(_BLOCK_END.sub(" ", rich_text or "")))
    text = " ".join(text.split())
    return Truncator(text).chars(limit) if limit else text


def meta_description(product: Product) -> str:
    """The description's first words for <meta name="description">, else the name."""
    return plain_text(product.description, META_DESCRIPTION_LENGTH) or product.name


def offer_availability(option: PurchaseOption) -> str:
    if not option.is_buyable:
        return DISCONTINUED
    return IN_STOCK if option.availability.in_stock else OUT_OF_STOCK


def product_data(
    option: PurchaseOption, image_urls: Iterable[str], absolute: Absolute, brand: str = ""
) -> dict:
    """The product as its purchase option offers it; `absolute` turns a path into an
    absolute URL (request.build_absolute_uri)."""
    product = option.product
    data = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": product.name,
        "sku": product.sku,
    }
    if brand:
        data["brand"] = {"@type": "Brand", "name": brand}
    if description := plain_text(product.description):
        data["description"] = description
    if images := [absolute(url) for url in image_urls]:
        data["image"] = images
    data["offers"] = {
        "@type": "Offer",
        "url": absolute(product.get_absolute_url()),
        "price": f"{option.unit_price:.2f}",
        "priceCurrency": settings.SHOP_CURRENCY,
        "availability": offer_availability(option),
        "itemCondition": NEW_CONDITION,
    }
    return data


# The schema.org properties a variant attribute stands for (by its slug); any other attribute
# is named as it is.
VARIES_BY = {
    "size": f"{SCHEMA}/size",
    "colour": f"{SCHEMA}/color",
    "color": f"{SCHEMA}/color",
    "material": f"{SCHEMA}/material",
}
VARIANT_PROPERTIES = {"size": "size", "colour": "color", "color": "color", "material": "material"}


def product_group_data(
    product_option: PurchaseOption,
    picker,
    image_urls: Iterable[str],
    absolute: Absolute,
    brand: str = "",
) -> dict:
    """A product with choices as a ProductGroup: `variesBy` its variant attributes and
    `hasVariant` one Product per variant (its SKU, options and offer); `picker` is the page's
    `commerce.catalog.picker.Picker`."""
    product = product_option.product
    data = product_data(product_option, image_urls, absolute, brand)
    data["@type"] = "ProductGroup"
    data["productGroupID"] = data.pop("sku")
    data.pop("offers")
    data["variesBy"] = [
        VARIES_BY.get(attribute.slug, attribute.name) for attribute in picker.attributes
    ]
    url = absolute(product.get_absolute_url())
    variants = []
    for variant, option in picker.rows:
        entry = {
            "@type": "Product",
            "name": f"{product.name} ({variant.options_label})",
            "sku": variant.sku,
        }
        for chosen in variant.options.all():
            slug = chosen.definition.slug
            if slug in VARIANT_PROPERTIES:
                entry[VARIANT_PROPERTIES[slug]] = chosen.value
        entry["offers"] = {
            "@type": "Offer",
            "url": f"{url}?variant={quote(variant.sku)}",
            "price": f"{option.unit_price:.2f}",
            "priceCurrency": settings.SHOP_CURRENCY,
            "availability": offer_availability(option),
            "itemCondition": NEW_CONDITION,
        }
        variants.append(entry)
    data["hasVariant"] = variants
    return data


def open_graph(option: PurchaseOption, image_url: str | None, absolute: Absolute) -> list:
    """The product page's Open Graph properties as (property, content) pairs, in order."""
    product = option.product
    properties = [
        ("og:type", "product"),
        ("og:title", product.name),
        ("og:url", absolute(product.get_absolute_url())),
    ]
    if image_url:
        properties.append(("og:image", absolute(image_url)))
    if description := meta_description(product):
        properties.append(("og:description", description))
    properties += [
        ("product:price:amount", f"{option.unit_price:.2f}"),
        ("product:price:currency", settings.SHOP_CURRENCY),
    ]
    return properties


def breadcrumb_data(
    categories: Iterable[Category], product: Product | None, absolute: Absolute
) -> dict:
    """Home, the categories root first, then the product itself (on a product's page; on a
    category's page the last category is the page)."""
    trail = [
        ("Home", "/"),
        *((category.name, category.get_absolute_url()) for category in categories),
    ]
    if product is not None:
        trail.append((product.name, product.get_absolute_url()))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(url)}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def json_ld_script(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # safe: escaped just here
    )
