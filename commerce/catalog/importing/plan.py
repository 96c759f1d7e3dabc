"""The checked, typed content of an import, ready to be written."""

from dataclasses import dataclass, field

from commerce.catalog.importing.existing import ExistingCatalog
from commerce.catalog.importing.images import ImageSource
from commerce.catalog.models import Product


@dataclass
class WarehouseRow:
    code: str
    values: dict  # model field -> value, only the fields the file gives


@dataclass
class AttributeRow:
    slug: str
    values: dict
    # (slug, {"value", "swatch_colour"}: those given; no value: keep it, or derive a new one's)
    options: list[tuple[str, dict]]


@dataclass
class CategoryRow:
    path: str
    values: dict  # "image" holds an ImageSource (or None to clear)


@dataclass
class VariantRow:
    sku: str
    location: str  # "products[3].variants[1]" or "line 5", for problems found while writing
    options: list[tuple[str, str]]  # (definition, option) slugs, one per variant attribute
    values: dict  # price, compare_at_price: only the fields the file gives
    stock: dict[str, int] | None = None  # warehouse code -> quantity
    image: tuple[ImageSource, str] | None = None  # (file, alt text)
    clears_image: bool = False  # the file gives an empty image


@dataclass
class ProductRow:
    sku: str
    location: str  # "products[3]" or "line 5", for problems found while writing
    existing: Product | None  # locked; for a product that is not live, its latest draft
    values: dict
    category_path: str | None = None
    attribute_options: list[tuple[str, str]] | None = None  # (definition, option) slugs
    images: list[tuple[ImageSource, str]] | None = None  # (file, alt text)
    stock: dict[str, int] | None = None  # warehouse code -> quantity
    variants: list[VariantRow] | None = None  # None: the product's variants stay as they are


@dataclass
class ImportPlan:
    existing: ExistingCatalog
    warehouses: list[WarehouseRow] = field(default_factory=list)
    attributes: list[AttributeRow] = field(default_factory=list)
    categories: list[CategoryRow] = field(default_factory=list)
    products: list[ProductRow] = field(default_factory=list)

    def image_sources(self) -> list[ImageSource]:
        sources = [row.values["image"] for row in self.categories if row.values.get("image")]
        for row in self.products:
            sources.extend(source for source, _ in row.images or ())
            sources.extend(variant.image[0] for variant in row.variants or () if variant.image)
        return sources
