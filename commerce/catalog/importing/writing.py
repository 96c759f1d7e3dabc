"""Writing a checked ImportPlan, in the transaction that checked it."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import (
    disable_reference_index_auto_update,
    reference_index_auto_update_disabled,
)

from commerce.catalog.importing.images import store_images
from commerce.catalog.importing.new_products import check_new_product, create_products
from commerce.catalog.importing.plan import ImportPlan
from commerce.catalog.importing.problems import CatalogImportError, Problem
from commerce.catalog.importing.references import index_references_of_new_objects
from commerce.catalog.importing.report import ImportReport
from commerce.catalog.importing.values import title_from_slug
from commerce.catalog.importing.variant_writing import write_variants
from commerce.catalog.models import (
    AttributeDefinition,
    AttributeOption,
    Category,
    Product,
    ProductImage,
    ProductVariant,
)
from commerce.stock.models import StockRecord, Warehouse
from commerce.stock.signals import send_after_commit


@contextlib.contextmanager
def import_transaction():
    """The one transaction of an import: the checks that read the database and the writes.

    Yields the list that write_plan records stored image files in: any error rolls the whole
    import back and deletes those files again (storage is not transactional).
    """
    created_files: list[str] = []
    try:
        with _reference_index_deferred(), transaction.atomic():
            yield created_files
    except BaseException:
        _delete_files(created_files)
        raise


def write_plan(plan: ImportPlan, *, created_files: list[str], progress=None) -> ImportReport:
    """Writes the plan; call it inside import_transaction(), after validate_document."""
    report = ImportReport()
    library, new_images = store_images(plan.image_sources(), created_files=created_files)
    report.images_created = len(new_images)
    report.images_reused = len(library) - len(new_images)
    warehouses = _write_warehouses(plan, report)
    options = _write_attributes(plan, report)
    categories = _write_categories(plan, library, report)
    updated_ids = _write_products(
        plan,
        report,
        warehouses=warehouses,
        options=options,
        categories=categories,
        library=library,
        progress=progress,
    )
    index_references_of_new_objects(get_image_model(), new_images)
    _update_reference_index(
        [warehouses[row.code] for row in plan.warehouses],
        [categories[row.path] for row in plan.categories],
        Product.objects.filter(pk__in=updated_ids).prefetch_related("images", "stock_records"),
    )
    return report


@contextlib.contextmanager
def _reference_index_deferred():
    """Saves skip Wagtail's reference index (each product is saved several times on its way
    through a revision); _update_reference_index then indexes every written object once."""
    if getattr(reference_index_auto_update_disabled, "value", False):
        yield
    else:
        with disable_reference_index_auto_update():
            yield


def _update_reference_index(*groups) -> None:
    """What the written objects refer to (the admin's "usage" of an image, a category)."""
    for group in groups:
        for instance in group:
            if ReferenceIndex.is_indexed(type(instance)):
                ReferenceIndex.create_or_update_for_object(instance)


def _write_warehouses(plan: ImportPlan, report: ImportReport) -> dict[str, Warehouse]:
    warehouses = dict(plan.existing.warehouses)
    for row in plan.warehouses:
        warehouse = warehouses.get(row.code) or Warehouse(code=row.code)
        for field, value in row.values.items():
            setattr(warehouse, field, value)
        warehouse.save()
        warehouses[row.code] = warehouse
    report.warehouses = len(plan.warehouses)
    return warehouses


def _write_attributes(plan: ImportPlan, report: ImportReport) -> dict:
    """Definitions and options; options are added or renamed, never removed."""
    definitions = dict(plan.existing.definitions)
    options = dict(plan.existing.options)
    new_options = []
    for row in plan.attributes:
        definition = definitions.get(row.slug) or AttributeDefinition(slug=row.slug)
        for field, value in row.values.items():
            setattr(definition, field, value)
        definition.save()
        definitions[row.slug] = definition
        orders = [
            option.sort_order or 0 for (slug, _), option in options.items() if slug == row.slug
        ]
        next_order = max(orders, default=-1) + 1
        for option_slug, given in row.options:
            option = options.get((row.slug, option_slug))
            if option is None:
                option = AttributeOption(
                    definition=definition,
                    slug=option_slug,
                    value=given.get("value") or title_from_slug(option_slug),
                    swatch_colour=given.get("swatch_colour", ""),
                    sort_order=next_order,
                )
                new_options.append(option)
                next_order += 1
            elif changed := [f for f, v in given.items() if getattr(option, f) != v]:
                for field in changed:
                    setattr(option, field, given[field])
                option.save(update_fields=changed)
            options[row.slug, option_slug] = option
    AttributeOption.objects.bulk_create(new_options)  # new: no product carries them yet
    report.options_created = len(new_options)
    report.attributes = len(plan.attributes)
    return options


def _write_categories(plan: ImportPlan, library: dict, report: ImportReport) -> dict:
    """In file order, so a parent is saved before its children (the check made sure)."""
    categories = dict(plan.existing.categories)
    for row in plan.categories:
        category = categories.get(row.path)
        if category is None:
            parent_path, _, slug = row.path.rpartition("/")
            category = Category(slug=slug, parent=categories[parent_path] if parent_path else None)
            report.categories_created += 1
        else:
            report.categories_updated += 1
        for field, value in row.values.items():
            if field == "image" and value is not None:
                value = library[value.file_hash]
            setattr(category, field, value)
        category.save()
        categories[row.path] = category
    return categories


def _write_products(plan, report, *, warehouses, options, categories, library, progress):
    """New products are created and published in bulk (new_products.py). An existing one is
    saved through a revision, as an editor would: a live product is published ("Publish");
    one that is not live is saved as a draft ("Save draft") and stays not live, since staff
    unpublished it (or never published it) on purpose.

    Stock is not part of revisions (Product.relations_outside_revisions), so it is written
    after publishing, in one upsert for the whole file.
    """
    products, new_rows = {}, []
    total = len(plan.products)
    for row in plan.products:
        product = row.existing or Product(sku=row.sku)
        _apply_row(row, product, categories=categories, options=options, library=library)
        products[row.sku] = product
        if row.existing is None:
            check_new_product(product, row.location)
            new_rows.append(row)
        else:
            _update(product, plan, row, report)
        if progress is not None:
            progress(len(products), total)
    create_products([products[row.sku] for row in new_rows])
    report.products_created = len(new_rows)
    stock_records = write_variants(
        [(row, products[row.sku]) for row in plan.products],
        options=options,
        warehouses=warehouses,
        library=library,
    )
    report.variants = sum(len(row.variants or ()) for row in plan.products)
    only_variants = _only_variants([products[row.sku] for row in plan.products if row.stock])
    for row in plan.products:
        product = products[row.sku]
        if row.stock and product.pk not in only_variants:
            raise CatalogImportError(
                [Problem(row.location, "the product has several variants: give stock per variant")]
            )
        records = [
            StockRecord(
                product=product,
                variant_id=only_variants[product.pk],
                warehouse=warehouses[code],
                quantity=quantity,
            )
            for code, quantity in (row.stock or {}).items()
        ]
        if row.existing is None:
            products[row.sku].stock_records = records  # in memory, for the reference index
        stock_records.extend(records)
    StockRecord.objects.bulk_create(
        stock_records,
        update_conflicts=True,
        unique_fields=["variant", "warehouse"],
        update_fields=["quantity"],
    )
    report.stock_records = len(stock_records)
    index_references_of_new_objects(Product, [products[row.sku] for row in new_rows])
    send_after_commit(product.pk for product in products.values())  # empties the page cache
    return [products[row.sku].pk for row in plan.products if row.existing is not None]


def _update(product: Product, plan: ImportPlan, row, report: ImportReport) -> None:
    try:
        warning = _update_warning(product, plan.existing.scheduled.get(product.pk))
        product.full_clean()
        _save_update(product)
    except ValidationError as error:
        raise CatalogImportError([Problem(row.location, "; ".join(error.messages))]) from error
    report.products_updated += 1
    if warning:
        report.warnings.append(warning)


def _apply_row(row, product: Product, *, categories, options, library) -> None:
    """The file's values on the product, in memory (children included, as a cluster)."""
    for field, value in row.values.items():
        setattr(product, field, value)
    if row.category_path:
        product.category = categories[row.category_path]
    if row.attribute_options is not None:
        product.attribute_options = [options[key] for key in row.attribute_options]
    if row.variants is not None:
        # The attributes the variants name (checked: the same for each), in the revision too.
        product.variant_attributes = [options[key].definition for key in row.variants[0].options]
    if row.images is not None:
        product.images = [
            ProductImage(image=library[source.file_hash], alt_text=alt, sort_order=position)
            for position, (source, alt) in enumerate(row.images)
        ]
    if row.variants is not None:
        pictures = [(library[v.image[0].file_hash], v.image[1]) for v in row.variants if v.image]
        _add_variant_pictures(product, pictures)
    elif row.images is not None and row.existing is not None:  # a new gallery, same variants
        variants = ProductVariant.objects.filter(product=product, image__isnull=False)
        _add_variant_pictures(product, [(v.image, "") for v in variants.select_related("image")])


def _add_variant_pictures(product: Product, pictures: list) -> None:
    """The variants' pictures ((library image, alt text), in variant order) join the product's
    gallery, after its own pictures, each once: the product page shows the chosen variant's
    picture only as a slide of the gallery. One already in the gallery stays where it is."""
    gallery = list(product.images.all())
    present = {picture.image_id for picture in gallery}
    position = max((picture.sort_order or 0 for picture in gallery), default=-1) + 1
    added = []
    for image, alt in pictures:
        if image.pk in present:
            continue
        present.add(image.pk)
        added.append(ProductImage(image=image, alt_text=alt, sort_order=position))
        position += 1
    if added:
        product.images = gallery + added


def _save_update(product: Product) -> None:
    """What Wagtail's EditAction does (without its savepoint per product): a live product gets
    a new revision, published (`wagtail.edit`, `wagtail.publish`); one that is not live is
    saved as a draft, written to its row as for any unpublished object (`wagtail.edit`)."""
    if product.live:
        product.save_revision(log_action=True, clean=False).publish()
    else:
        product.save()
        product.save_revision(log_action=True, clean=False)


def _update_warning(product: Product, scheduled_at) -> str | None:
    """What staff should know about an update that is not a plain publish (see the rules in
    docs/catalog-import.md); None for a live product without a draft."""
    when = timezone.localtime(scheduled_at).strftime("%Y-%m-%d %H:%M") if scheduled_at else ""
    if not product.live:
        warning = (
            f"{product.sku}: not live, so the import was saved as a draft and not published "
            "(it stays unpublished until staff publish it)"
        )
        if scheduled_at:
            warning += (
                f"; the version scheduled to go live at {when} was saved before the import "
                "and does not have its changes"
            )
        return warning
    if product.has_unpublished_changes:
        warning = (
            f"{product.sku}: the import was published over an unpublished draft, which is "
            "superseded: its changes are not live and no longer the latest version (the draft "
            "stays in the product's history)"
        )
        if scheduled_at:
            warning += f"; its publication scheduled for {when} is cancelled"
        return warning
    return None


def _delete_files(names: list[str]) -> None:
    """Image files stored by a rolled-back import (storage is not transactional)."""
    storage = get_image_model()._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(Exception):  # best effort: the import's own error matters more
            storage.delete(name)


def _only_variants(products: list[Product]) -> dict[int, int]:
    """{product id: variant id} for those of `products` that have exactly one variant (the
    stock of a product row is its only variant's)."""
    variants: dict[int, list[int]] = {}
    rows = ProductVariant.objects.filter(product_id__in=[product.pk for product in products])
    for product_id, variant_id in rows.values_list("product_id", "pk"):
        variants.setdefault(product_id, []).append(variant_id)
    return {product_id: ids[0] for product_id, ids in variants.items() if len(ids) == 1}
