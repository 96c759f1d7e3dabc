"""What an import did, for the command's summary line and the demo seeder."""

from dataclasses import dataclass, field


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


@dataclass
class ImportReport:
    products_created: int = 0
    products_updated: int = 0
    categories_created: int = 0
    categories_updated: int = 0
    attributes: int = 0
    options_created: int = 0
    warehouses: int = 0
    images_created: int = 0
    images_reused: int = 0
    stock_records: int = 0
    variants: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def products(self) -> int:
        return self.products_created + self.products_updated

    @property
    def categories(self) -> int:
        return self.categories_created + self.categories_updated

    def summary(self) -> str:
        """e.g. "Imported 12 products (10 new, 2 updated), 3 categories, 2 attributes,
        1 warehouse in 1.2s"."""
        return (
            f"Imported {_count(self.products, 'product', 'products')} "
            f"({self.products_created} new, {self.products_updated} updated), "
            + (f"{_count(self.variants, 'variant', 'variants')}, " if self.variants else "")
            + f"{_count(self.categories, 'category', 'categories')}, "
            f"{_count(self.attributes, 'attribute', 'attributes')}, "
            f"{_count(self.warehouses, 'warehouse', 'warehouses')} in {self.seconds:.1f}s"
        )
