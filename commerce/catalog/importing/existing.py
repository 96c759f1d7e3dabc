"""What the database already holds, fetched in a few queries for the whole import."""

from dataclasses import dataclass, field

from commerce.catalog.models import AttributeDefinition, AttributeOption, Category, Product
from commerce.stock.models import Warehouse


@dataclass
class ExistingCatalog:
    warehouses: dict[str, Warehouse] = field(default_factory=dict)  # by code
    definitions: dict[str, AttributeDefinition] = field(default_factory=dict)  # by slug
    options: dict[tuple[str, str], AttributeOption] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)  # by path
    products: dict[str, Product] = field(default_factory=dict)  # by SKU
    slug_owners: dict[str, str] = field(default_factory=dict)  # product slug -> SKU


def load_existing(*, category_paths, skus, product_slugs) -> ExistingCatalog:
    """Warehouses and attributes in full (short lists); categories and products by key."""
    existing = ExistingCatalog()
    existing.warehouses = {warehouse.code: warehouse for warehouse in Warehouse.objects.all()}
    existing.definitions = {
        definition.slug: definition for definition in AttributeDefinition.objects.all()
    }
    for option in AttributeOption.objects.select_related("definition"):
        existing.options[option.definition.slug, option.slug] = option
    existing.categories = {
        category.path: category
        for category in Category.objects.filter(path__in=set(category_paths))
    }
    existing.products = {
        product.sku: product for product in Product.objects.filter(sku__in=set(skus))
    }
    existing.slug_owners = dict(
        Product.objects.filter(slug__in=set(product_slugs)).values_list("slug", "sku")
    )
    return existing
