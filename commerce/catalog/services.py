"""Catalog writes that span rows and are shared by the admin, the importer and commands."""

from itertools import product as combinations

from django.db import transaction
from django.db.models import Sum

from commerce.catalog import generation
from commerce.catalog.exceptions import VariantsNotGenerated
from commerce.catalog.models import AttributeOption, Product, ProductVariant
from commerce.catalog.models.variants import DEFAULT_OPTION_KEY, option_key, options_label
from commerce.stock.models import StockRecord


def variant_sku(product_sku: str, options) -> str:
    """ "TS-01-M-NAVY": the product's SKU and the options' slugs, upper-cased."""
    return "-".join([product_sku, *(option.slug for option in options)]).upper()


def generate_variants(*, product: Product, options: list[AttributeOption]) -> list[ProductVariant]:
    """Make one variant of `product` per combination of `options` (one of each attribute they
    belong to) that the product does not have yet, and make those attributes its variant
    attributes. The default variant (no options) goes, unless it holds stock: then nothing is
    written (`VariantsNotGenerated`), as when a generated SKU is taken. Returns the new ones."""
    by_attribute: dict[int, list[AttributeOption]] = {}
    for option in sorted(
        options, key=lambda o: (o.definition.position, o.definition.name, o.sort_order, o.pk)
    ):
        by_attribute.setdefault(option.definition_id, []).append(option)
    if not by_attribute:
        return []
    with transaction.atomic():
        existing = list(ProductVariant.objects.filter(product=product))
        keys = {variant.option_key for variant in existing}
        wanted = [
            combo
            for combo in combinations(*by_attribute.values())
            if option_key(option.pk for option in combo) not in keys
        ]
        skus = {combo: variant_sku(product.sku, combo) for combo in wanted}
        taken = sorted(
            ProductVariant.objects.filter(sku__in=skus.values()).values_list("sku", flat=True)
        )
        if taken:
            raise VariantsNotGenerated(f"These SKUs are taken: {', '.join(taken)}.")
        _drop_default_variant(product, existing)
        Product.variant_attributes.through.objects.bulk_create(
            [
                Product.variant_attributes.through(
                    product_id=product.pk, attributedefinition_id=definition_id
                )
                for definition_id in by_attribute
            ],
            ignore_conflicts=True,
        )
        start = max((variant.position for variant in existing), default=-1) + 1
        created = ProductVariant.objects.bulk_create(
            ProductVariant(
                product=product,
                sku=skus[combo],
                option_key=option_key(option.pk for option in combo),
                options_label=options_label(combo),
                position=start + index,
            )
            for index, combo in enumerate(wanted)
        )
        ProductVariant.options.through.objects.bulk_create(
            ProductVariant.options.through(productvariant_id=variant.pk, attributeoption_id=o.pk)
            for variant, combo in zip(created, wanted, strict=True)
            for o in combo
        )
        generation.advance()  # bulk_create sends no signal
    return created


def drop_default_variant(*, product: Product) -> bool:
    """Delete the default variant (no options) of a product that has variants with options,
    unless it holds stock; False when it holds stock and stays."""
    variants = list(ProductVariant.objects.filter(product=product))
    if all(variant.option_key == DEFAULT_OPTION_KEY for variant in variants):
        return True
    try:
        _drop_default_variant(product, variants)
    except VariantsNotGenerated:
        return False
    return True


def _drop_default_variant(product: Product, variants: list[ProductVariant]) -> None:
    default = next((v for v in variants if v.option_key == DEFAULT_OPTION_KEY), None)
    if default is None:
        return
    units = StockRecord.objects.filter(variant=default).aggregate(units=Sum("quantity"))["units"]
    if units:
        raise VariantsNotGenerated(
            f"{product.name} holds {units} units without a size or colour: set its stock to 0 "
            "(or give it to a variant) before generating variants."
        )
    default.delete()
