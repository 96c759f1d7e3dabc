"""The demo shop as a catalog document (docs/catalog-import.md), its pictures drawn into a
folder next to it, ready for `commerce.catalog.importing`."""

from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from django.utils.text import slugify

from commerce.demo import drawing
from commerce.demo.products import DemoProduct, DemoVariant, demo_products, option_slug
from commerce.demo.vocabulary import (
    ATTRIBUTES,
    COLOURS,
    LEAF_CATEGORIES,
    MIDDLE_CATEGORIES,
    TOP_CATEGORIES,
    WAREHOUSES,
    TopCategory,
)

IMAGES = "images"
DEFAULT_PRODUCTS = 300
DEFAULT_IMAGE_SIZE = 600


def build_catalog_document(
    directory: Path,
    *,
    products: int = DEFAULT_PRODUCTS,
    image_size: int = DEFAULT_IMAGE_SIZE,
    progress: Callable[[str], None] | None = None,
    keep_pictures_of: Collection[str] = (),
    keep_category_pictures_of: Collection[str] = (),
) -> dict:
    """Return the demo document; its image paths are relative to `directory`, where the
    pictures are drawn.

    Products whose SKU is in `keep_pictures_of` (and categories whose path is in
    `keep_category_pictures_of`) get no images in the document, so the import leaves their
    current pictures alone and nothing is drawn for them.
    """
    items = demo_products(products)
    entries = [product_entry(item) for item in items]
    for entry in entries:
        if entry["sku"] in keep_pictures_of:
            del entry["images"]
            for variant in entry.get("variants", ()):
                variant.pop("image", None)  # its colour's picture, not drawn either
    categories = category_entries()
    for entry in categories:
        if entry["path"] in keep_category_pictures_of:
            entry.pop("image", None)
    document = {
        "warehouses": [dict(warehouse) for warehouse in WAREHOUSES],
        "attributes": attribute_entries(),
        "categories": categories,
        "products": entries,
    }
    draw_pictures(
        directory,
        [item for item in items if item.sku not in keep_pictures_of],
        tops=[top for top in TOP_CATEGORIES if top.slug not in keep_category_pictures_of],
        size=image_size,
        progress=progress,
    )
    return document


def attribute_entries() -> list[dict]:
    values = {
        "colour": list(COLOURS),
        "size": _unique(size for leaf in LEAF_CATEGORIES for size in leaf.sizes),
        "material": _unique(material for leaf in LEAF_CATEGORIES for material in leaf.materials),
        "brand": _unique(brand for top in TOP_CATEGORIES for brand in top.brands),
    }
    return [
        {
            "slug": spec.slug,
            "name": spec.name,
            "filterable": spec.filterable,
            "shown_on_cards": spec.shown_on_cards,
            "position": position,
            "options": [
                {"slug": option_slug(value), "value": value}
                # colours: their swatch is the colour the demo pictures are drawn in
                | ({"swatch_colour": COLOURS[value]} if spec.slug == "colour" else {})
                for value in values[spec.slug]
            ],
        }
        for position, spec in enumerate(ATTRIBUTES)
    ]


def category_entries() -> list[dict]:
    """Parents before children, as the import requires; top-level ones have a picture."""
    entries = [
        {
            "path": top.slug,
            "name": top.name,
            "description": top.description,
            "position": position,
            "active": True,
            "image": f"{IMAGES}/{_category_picture(top.slug)}",
        }
        for position, top in enumerate(TOP_CATEGORIES)
    ]
    for level in (MIDDLE_CATEGORIES, LEAF_CATEGORIES):
        positions: dict[str, int] = {}
        for category in level:
            parent = category.path.rsplit("/", 1)[0]
            positions[parent] = positions.get(parent, -1) + 1
            entries.append(
                {
                    "path": category.path,
                    "name": category.name,
                    "description": category.description,
                    "position": positions[parent],
                    "active": True,
                }
            )
    return entries


def product_entry(item: DemoProduct) -> dict:
    entry = {
        "sku": item.sku,
        "name": item.name,
        "slug": product_slug(item),
        "category": item.leaf.path,
        "status": item.status,
        "price": f"{item.price:.2f}",
        "compare_at_price": f"{item.compare_at_price:.2f}" if item.compare_at_price else None,
        "description": item.description,
        "attributes": {
            slug: [option_slug(value) for value in values]
            for slug, values in item.attributes.items()
        },
        "images": [
            {"path": f"{IMAGES}/{picture.filename}", "alt": picture.alt}
            for picture in item.pictures
        ],
        "stock": dict(item.stock),
    }
    if item.variants:
        del entry["stock"]  # per variant
        entry["variants"] = [variant_entry(variant) for variant in item.variants]
    return entry


def variant_entry(variant: DemoVariant) -> dict:
    entry = {
        "sku": variant.sku,
        "options": {slug: option_slug(value) for slug, value in variant.options.items()},
        "stock": dict(variant.stock),
    }
    if variant.price is not None:
        entry["price"] = f"{variant.price:.2f}"
    if variant.picture:
        entry["image"] = f"{IMAGES}/{variant.picture}"
    return entry


def product_slug(item: DemoProduct) -> str:
    """The name's slug plus the SKU number: unique even when two names coincide."""
    return slugify(f"{item.name} {item.sku.split('-')[-1]}")


def draw_pictures(
    directory: Path,
    items: list[DemoProduct],
    *,
    tops: Iterable[TopCategory] = TOP_CATEGORIES,
    size: int,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Draw the products' and top categories' pictures into `directory`/images; return how
    many."""
    folder = directory / IMAGES
    drawn = 0
    for top in tops:
        drawing.draw_picture(
            folder / _category_picture(top.slug),
            size=size,
            background=top.colour,
            colour=drawing.darker(top.colour, 0.6),
            shape="circle",
            label=top.name[0],
            caption=top.name,
        )
        drawn += 1
    total = drawn + sum(len(item.pictures) for item in items)
    for index, item in enumerate(items, start=1):
        label = drawing.initials(item.name)
        for picture in item.pictures:
            drawing.draw_picture(
                folder / picture.filename,
                size=size,
                background=item.top.colour,
                colour=COLOURS[picture.colour],
                shape=item.leaf.shape,
                label=label,
                # The SKU makes every picture unique: the import stores identical files once.
                caption=f"{item.leaf.name} · {item.sku}",
                variant=picture.variant,
            )
            drawn += 1
        if progress and (index % 50 == 0 or index == len(items)):
            progress(f"Drew pictures: {drawn}/{total}")
    return drawn


def _category_picture(slug: str) -> str:
    return f"category-{slug}.jpg"


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))
