"""What the database already holds, fetched in a few queries for the whole import.

Read inside the import's transaction: the rows the import will write are locked first
(SELECT ... FOR UPDATE in primary-key order, as commerce.stock.services does), so nobody can
change them between the checks and the writes, and no write overwrites an edit made meanwhile.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Revision

from commerce.catalog.models import AttributeDefinition, AttributeOption, Category, Product
from commerce.stock.models import Warehouse

# The product's publication state, which a draft read from a revision takes from the row, not
# from the revision (Wagtail's with_content_json keeps live, has_unpublished_changes,
# first_published_at, latest_revision and the lock fields; not these): an unpublished product
# must not get back the live revision it had when the draft was saved.
PUBLICATION_FIELDS = ("live_revision_id", "last_published_at", "expired")


@dataclass
class ExistingCatalog:
    warehouses: dict[str, Warehouse] = field(default_factory=dict)  # by code
    definitions: dict[str, AttributeDefinition] = field(default_factory=dict)  # by slug
    options: dict[tuple[str, str], AttributeOption] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)  # by path
    # By SKU, locked. A live product is its row (the published version); a product that is
    # not live is its latest draft, as the editor shows it.
    products: dict[str, Product] = field(default_factory=dict)
    scheduled: dict[int, datetime] = field(default_factory=dict)  # product pk -> go-live time
    slug_owners: dict[str, str] = field(default_factory=dict)  # product slug -> SKU


def load_existing(
    *,
    warehouse_codes=(),
    definition_slugs=(),
    category_paths=(),
    written_category_paths=(),
    skus=(),
    product_slugs=(),
) -> ExistingCatalog:
    """Warehouses and attributes in full (short lists); categories and products by key.

    Locks the warehouses, attributes and categories the file writes, and the products it
    updates, always in that order (so two imports never wait for each other in a circle).
    Must run inside a transaction: the locks last until it ends.
    """
    _lock(Warehouse.objects.filter(code__in=set(warehouse_codes)))
    _lock(AttributeDefinition.objects.filter(slug__in=set(definition_slugs)))
    _lock(Category.objects.filter(path__in=set(written_category_paths)))
    products = _lock(Product.objects.filter(sku__in=set(skus)))

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
    existing.products = {product.sku: product for product in _with_drafts(products)}
    existing.scheduled = _scheduled(products)
    existing.slug_owners = dict(
        Product.objects.filter(slug__in=set(product_slugs)).values_list("slug", "sku")
    )
    return existing


def _lock(queryset) -> list:
    """The rows, locked until the transaction ends (`key__in=set()` sends no query)."""
    return list(queryset.order_by("pk").select_for_update(of=("self",)))


def _with_drafts(products: list[Product]) -> list[Product]:
    """A product that is not live, with a draft: its latest revision, as the editor shows it
    (so the import changes what staff see and never supersedes their draft)."""
    drafted = [
        product
        for product in products
        if not product.live and product.has_unpublished_changes and product.latest_revision_id
    ]
    if not drafted:
        return products
    revisions = Revision.objects.in_bulk([product.latest_revision_id for product in drafted])
    drafts = {}
    for product in drafted:
        product.latest_revision = revisions[product.latest_revision_id]
        draft = product.with_content_json(product.latest_revision.content)
        for name in PUBLICATION_FIELDS:
            setattr(draft, name, getattr(product, name))
        drafts[product.pk] = draft
    return [drafts.get(product.pk, product) for product in products]


def _scheduled(products: list[Product]) -> dict[int, datetime]:
    """Products with a revision scheduled to go live (only those with unpublished changes
    can have one), and when."""
    pending = [str(product.pk) for product in products if product.has_unpublished_changes]
    if not pending:
        return {}
    scheduled = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Product),
        object_id__in=pending,
        approved_go_live_at__isnull=False,
    ).values_list("object_id", "approved_go_live_at")
    return {int(object_id): go_live_at for object_id, go_live_at in scheduled}
