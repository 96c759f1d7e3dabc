"""New products of an import, written in bulk: a fixed number of queries for any count.

The result is what Wagtail's CreateAction followed by a publish leaves for each product (the
row, its pictures and attribute options, a first revision that is live, the `wagtail.create`
and `wagtail.publish` log entries and its search vector), without
the dozen queries and savepoints per product that saving them one by one costs.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from commerce.catalog.importing.problems import CatalogImportError, Problem
from commerce.catalog.models import Product, ProductImage, ProductVariant
from commerce.catalog.search_index import refresh_search_vectors

PUBLICATION_FIELDS = [
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision",
    "live_revision",
]
# Checked by validate_document, with the rows concerned locked: the SKU and slug are free,
# the compare-at price is above the price and the category exists (the plan holds it).
CHECKED_BY_THE_PLAN = ["category"]


def check_new_product(product: Product, location: str) -> None:
    """The model's own checks of an unsaved product, without queries; `location` names its
    row in a problem."""
    try:
        product.full_clean(
            exclude=CHECKED_BY_THE_PLAN, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise CatalogImportError([Problem(location, "; ".join(error.messages))]) from error


def create_products(products: list[Product]) -> None:
    """Insert and publish `products`: unsaved, checked by check_new_product, with their
    images and attribute options set in memory as the import's writer sets them.

    Their stock is the caller's to write; then index_references_of_new_objects(Product, ...)
    with each product's stock records set in memory.
    """
    if not products:
        return
    for product in products:
        product.live = False  # live once its revision is published, as CreateAction does
        product.stock_records = []  # none yet, and not part of revisions: no query for them
        product.variants = []  # the default variant comes after the insert, outside revisions
        # Relations the row does not give: set to nothing in memory, or each would be read
        # back (once per product) after the insert below.
        if not product.variant_attributes.all():
            product.variant_attributes = []
        if not product.images.all():
            product.images = []
        if not product.attribute_options.all():
            product.attribute_options = []
    try:
        Product.objects.bulk_create(products)
    except IntegrityError as error:  # a SKU or slug taken since the check (no row to lock)
        raise CatalogImportError(
            [Problem("products", "another change created one of these products meanwhile")]
        ) from error
    _create_children(products)
    ProductVariant.objects.bulk_create(
        ProductVariant(product_id=product.pk, sku=product.sku) for product in products
    )
    revisions = _create_revisions(products)
    now = timezone.now()
    for product, revision in zip(products, revisions, strict=True):
        product.live, product.has_unpublished_changes = True, False
        product.first_published_at = product.last_published_at = now
        product.latest_revision = product.live_revision = revision
    Product.objects.bulk_update(products, PUBLICATION_FIELDS)
    _log(products, revisions, now)
    refresh_search_vectors(product_ids=[product.pk for product in products])


def _create_children(products: list[Product]) -> None:
    """Pictures, attribute options and variant attributes, from the product's in-memory
    cluster."""
    images, links, variant_links = [], [], []
    link_model = Product.attribute_options.through
    variant_link_model = Product.variant_attributes.through
    for product in products:
        for image in product.images.all():
            image.product = product
            images.append(image)
        links.extend(
            link_model(product_id=product.pk, attributeoption_id=option.pk)
            for option in product.attribute_options.all()
        )
        variant_links.extend(
            variant_link_model(product_id=product.pk, attributedefinition_id=definition.pk)
            for definition in product.variant_attributes.all()
        )
    ProductImage.objects.bulk_create(images)  # the in-memory children get their pks
    link_model.objects.bulk_create(links)
    variant_link_model.objects.bulk_create(variant_links)


def _create_revisions(products: list[Product]) -> list[Revision]:
    content_type = Product.get_content_type()
    base_content_type = Product.get_base_content_type()
    now = timezone.now()
    return Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(product.pk),
            created_at=now,
            content=product.serializable_data(),
            object_str=str(product),
        )
        for product in products
    )


def _log(products: list[Product], revisions: list[Revision], now) -> None:
    """The history lines an editor would see: created, then published."""
    content_type = Product.get_content_type()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            label=str(product),
            action=action,
            timestamp=now,
            data={},
            object_id=str(product.pk),
            revision=revision,
            content_changed=True,
        )
        for product, revision in zip(products, revisions, strict=True)
        for action in ("wagtail.create", "wagtail.publish")
    )
