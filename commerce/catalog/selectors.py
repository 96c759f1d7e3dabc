"""Reads of the catalog for the storefront, with every relation a template uses loaded here."""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import JSONObject
from wagtail.images import get_image_model

from commerce.catalog import product_reads
from commerce.catalog.models import AttributeOption, Product, ProductImage, ProductVariant
from commerce.catalog.models.variants import DEFAULT_OPTION_KEY
from commerce.catalog.navigation import breadcrumb_trail
from commerce.catalog.picker import variant_picker
from commerce.catalog.purchase import purchase_option, with_price_range
from commerce.catalog.renditions import (  # noqa: F401 (cart and lists import it here)
    CARD_PICTURE,
    CARD_RENDITION,
    picture_specs,
)
from commerce.catalog.structured_data import meta_description
from commerce.queries import PreparedQuery
from commerce.stock.availability import Availability, availability_of, with_sellable_quantity


def gallery_prefetch(*renditions: str) -> Prefetch:
    """Product images in gallery order, each with the given renditions loaded: the pictures
    joined to their images (one query), their renditions in a second one (as Wagtail's
    `prefetch_renditions` stores them)."""
    found = get_image_model().get_rendition_model().objects.filter(filter_spec__in=renditions)
    return Prefetch(
        "images",
        queryset=ProductImage.objects.order_by("sort_order")
        .select_related("image")
        .prefetch_related(
            Prefetch("image__renditions", queryset=found, to_attr="prefetched_renditions")
        ),
    )


@dataclass(frozen=True)
class ProductCard:
    product: Product
    availability: Availability


def has_choices_expression() -> Exists:
    """True for a product whose variants have options (a size or colour to choose), inside
    the products' own query."""
    return Exists(
        ProductVariant.objects.filter(product=OuterRef("pk")).exclude(option_key=DEFAULT_OPTION_KEY)
    )


COLOUR_SLUGS = ("colour", "color")


def colours_expression() -> ArraySubquery:
    """The colours a product's variants come in, in option order, as [{"slug", "value",
    "swatch_colour"}]: one array subquery inside the products' own query (the cards' swatches;
    the `swatch` filter fills them)."""
    link = ProductVariant.options.through.objects.filter(
        attributeoption_id=OuterRef("pk"), productvariant__product_id=OuterRef(OuterRef("pk"))
    )
    colours = (
        AttributeOption.objects.filter(definition__slug__in=COLOUR_SLUGS)
        .filter(Exists(link))
        .order_by("sort_order", "pk")
        .values(json=JSONObject(slug="slug", value="value", swatch_colour="swatch_colour"))
    )
    return ArraySubquery(colours)


def product_cards(products: QuerySet | None = None) -> QuerySet:
    """Visible products ready for cards: stock, main image, card attributes and whether a
    choice (size, colour) is needed before adding."""
    products = Product.objects.all() if products is None else products
    card_options = AttributeOption.objects.filter(
        definition__is_shown_on_cards=True
    ).select_related("definition")
    return with_sellable_quantity(
        with_price_range(products.visible())
        .annotate(has_choices=has_choices_expression(), card_colours=colours_expression())
        .select_related("category")  # is_buyable reads category.is_listed
        .prefetch_related(
            gallery_prefetch(*picture_specs(CARD_PICTURE)),
            Prefetch("attribute_options", queryset=card_options, to_attr="card_options"),
        )
    )


def as_cards(products) -> list[ProductCard]:
    return [ProductCard(product, availability_of(product)) for product in products]


# Its SQL is built once per process (commerce.queries): a product page built for the first
# time in a catalog generation paid a third of its reading time building it.
_VISIBLE_PRODUCT = PreparedQuery(
    lambda slug: (
        with_sellable_quantity(Product.objects.visible())
        .annotate(has_choices=has_choices_expression())
        .select_related("category")
        .filter(slug=slug)
    ),
    slot="\x00slug\x00",
)


def visible_product(slug: str) -> Product | None:
    """The visible product with this slug, with its sellable quantity, `has_choices`, its
    category, its gallery with renditions and its attribute options; None when there is
    none."""
    product = _VISIBLE_PRODUCT.first(slug)
    if product is not None:
        product_reads.load_gallery(product)
        product_reads.load_attribute_options(product)
    return product


@dataclass(frozen=True)
class AttributeRow:
    name: str
    values: list[str]


def attribute_rows(product: Product) -> list[AttributeRow]:
    rows: dict[int, AttributeRow] = {}
    for option in product.attribute_options.all():
        row = rows.setdefault(option.definition_id, AttributeRow(option.definition.name, []))
        row.values.append(option.value)
    return list(rows.values())


BRAND_ATTRIBUTE = "brand"


def brand_of(product: Product) -> str:
    """The value of the product's Brand attribute (slug "brand"), from its loaded options;
    empty when it has none."""
    for option in product.attribute_options.all():
        if option.definition.slug == BRAND_ATTRIBUTE:
            return option.value
    return ""


def product_page_context(product: Product, *, chosen_sku: str = "", **context) -> dict:
    """Everything the product page shows; `images` are in gallery order, the first is the
    main picture. A product with choices gets its variant `picker` (two more queries), and
    `option` is then the chosen variant's (`chosen_sku`, from a shared link) or, with none
    chosen, the product's."""
    has_choices = getattr(product, "has_choices", None)
    if has_choices is None:
        has_choices = product.variants.exclude(option_key=DEFAULT_OPTION_KEY).exists()
    picker = variant_picker(product, chosen_sku=chosen_sku) if has_choices else None
    option = picker.selected_option if picker is not None else None
    return {
        **context,
        "product": product,
        "images": list(product.images.all()),
        "picker": picker,
        "option": option or purchase_option(product),
        "product_option": purchase_option(product),
        "attributes": attribute_rows(product),
        "brand": brand_of(product),
        "breadcrumbs": breadcrumb_trail(product.category),
        "meta_description": meta_description(product),
    }
