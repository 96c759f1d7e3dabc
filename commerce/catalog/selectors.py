"""Reads of the catalog for the storefront, with every relation a template uses loaded here."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

from commerce.catalog.models import AttributeOption, Category, Product, ProductImage
from commerce.stock.availability import availability_of, with_sellable_quantity

CARD_RENDITION = "fill-480x480"
GALLERY_RENDITIONS = ("max-960x960", "fill-160x160")


def _images_prefetch(*renditions: str) -> Prefetch:
    images = get_image_model().objects.prefetch_renditions(*renditions)
    return Prefetch(
        "images",
        queryset=ProductImage.objects.order_by("sort_order").prefetch_related(
            Prefetch("image", queryset=images)
        ),
    )


def product_cards(products: QuerySet | None = None) -> QuerySet:
    """Visible products ready for cards: category, stock, main image and card attributes."""
    products = Product.objects.all() if products is None else products
    card_options = AttributeOption.objects.filter(
        definition__is_shown_on_cards=True
    ).select_related("definition")
    return with_sellable_quantity(
        products.visible()
        .select_related("category")
        .prefetch_related(
            _images_prefetch(CARD_RENDITION),
            Prefetch("attribute_options", queryset=card_options, to_attr="card_options"),
        )
    )


def newest_products(limit: int = 12) -> list[Product]:
    return list(product_cards().order_by("-created_at", "-pk")[:limit])


def category_products(category: Category) -> QuerySet:
    subtree = Category.objects.active().subtree_of(category)
    return product_cards(Product.objects.filter(category__in=subtree)).order_by("name", "pk")


def visible_product(slug: str) -> Product | None:
    options = AttributeOption.objects.select_related("definition").order_by(
        "definition__position", "definition__name", "sort_order"
    )
    return (
        with_sellable_quantity(Product.objects.visible())
        .select_related("category")
        .prefetch_related(
            _images_prefetch(*GALLERY_RENDITIONS),
            Prefetch("attribute_options", queryset=options),
        )
        .filter(slug=slug)
        .first()
    )


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


def product_page_context(product: Product, **context) -> dict:
    category = product.category
    return {
        **context,
        "product": product,
        "availability": availability_of(product),
        "attributes": attribute_rows(product),
        "breadcrumbs": category.ancestors_and_self() if category else [],
    }


def active_category(path: str) -> Category | None:
    """The category at `path` when it and all its ancestors are active."""
    category = Category.objects.filter(path=path, is_active=True).first()
    if category is None:
        return None
    trail = category.ancestors_and_self()
    if len(trail) != category.depth + 1 or not all(node.is_active for node in trail):
        return None
    category.trail = trail
    return category


def menu_categories() -> list[Category]:
    """Top-level active categories for the header."""
    return list(Category.objects.active().roots().order_by("position", "name"))
