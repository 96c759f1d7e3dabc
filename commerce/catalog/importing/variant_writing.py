"""Writing the variants of the products an import gives them: each such product ends up
with exactly the file's variants (matched by SKU: updated, created, the others deleted, their
stock with them). Variants are not part of revisions, so they are written directly, in bulk."""

from django.db import IntegrityError
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from commerce.catalog.importing.problems import CatalogImportError, Problem
from commerce.catalog.models import ProductVariant
from commerce.catalog.models.variants import option_key, options_label
from commerce.stock.models import StockRecord


def write_variants(pairs, *, options: dict, warehouses: dict, library: dict) -> list[StockRecord]:
    """`pairs`: (product row, saved product) of the rows with variants. Returns the stock rows
    to upsert."""
    pairs = [(row, product) for row, product in pairs if row.variants is not None]
    if not pairs:
        return []
    existing = {
        variant.sku: variant
        for variant in ProductVariant.objects.filter(product__in=[p for _, p in pairs])
    }
    keep = {variant.sku for row, _ in pairs for variant in row.variants}
    ProductVariant.objects.filter(product__in=[p for _, p in pairs]).exclude(sku__in=keep).delete()
    changed, new, chosen = [], [], []
    for row, product in pairs:
        for position, variant_row in enumerate(row.variants):
            variant = existing.get(variant_row.sku) or ProductVariant(sku=variant_row.sku)
            variant.product = product
            picked = [options[key] for key in variant_row.options]
            variant.option_key = option_key(option.pk for option in picked)
            variant.options_label = options_label(picked)
            variant.position = position
            for field, value in variant_row.values.items():
                setattr(variant, field, value)
            if variant_row.image:
                variant.image = library[variant_row.image[0].file_hash]
            elif variant_row.clears_image:
                variant.image = None
            (changed if variant.pk else new).append(variant)
            chosen.append((variant, variant_row, picked))
    try:
        # Keys first set apart (one per row), so two variants may swap options in one import.
        ProductVariant.objects.filter(pk__in=[v.pk for v in changed]).update(
            option_key=Concat(Value("~"), Cast("pk", CharField()))
        )
        ProductVariant.objects.bulk_update(
            changed,
            ["option_key", "options_label", "position", "price", "compare_at_price", "image"],
        )
        ProductVariant.objects.bulk_create(new)
    except IntegrityError as error:
        raise CatalogImportError(
            [Problem("products", "another change wrote one of these variants meanwhile")]
        ) from error
    links = ProductVariant.options.through
    links.objects.filter(productvariant_id__in=[v.pk for v in changed]).delete()
    links.objects.bulk_create(
        links(productvariant_id=variant.pk, attributeoption_id=option.pk)
        for variant, _, picked in chosen
        for option in picked
    )
    return [
        StockRecord(
            product_id=variant.product_id,
            variant_id=variant.pk,
            warehouse=warehouses[code],
            quantity=quantity,
        )
        for variant, variant_row, _ in chosen
        for code, quantity in (variant_row.stock or {}).items()
    ]
