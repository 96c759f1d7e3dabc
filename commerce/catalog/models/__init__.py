from commerce.catalog.models.attributes import AttributeDefinition, AttributeOption
from commerce.catalog.models.categories import Category
from commerce.catalog.models.listing_options import ListingOption
from commerce.catalog.models.listing_variants import ListingVariant
from commerce.catalog.models.products import Product, ProductImage, ProductStatus
from commerce.catalog.models.variants import ProductVariant

__all__ = [
    "AttributeDefinition",
    "AttributeOption",
    "Category",
    "ListingOption",
    "ListingVariant",
    "Product",
    "ProductImage",
    "ProductStatus",
    "ProductVariant",
]
