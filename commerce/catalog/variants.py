"""Finding the variant a shopper chose: by its id, by one option of each variant attribute,
or (a product with one variant) without any choice."""

from collections.abc import Iterable

from commerce.catalog.exceptions import ChoiceRequired, NoSuchVariant
from commerce.catalog.models import Product, ProductVariant
from commerce.catalog.models.variants import option_key
from commerce.queries import PreparedQuery
from commerce.stock.availability import with_variant_quantity

# Their SQL is built once per process (commerce.queries): building it cost as much as reading.
# In the model's order (position, then id).
_VARIANTS_OF_PRODUCT = PreparedQuery(
    lambda product_id: with_variant_quantity(ProductVariant.objects.filter(product_id=product_id)),
    slot=-1,
)
_VARIANT = PreparedQuery(
    lambda variant_id: with_variant_quantity(ProductVariant.objects.filter(pk=variant_id)),
    slot=-1,
)


def variants_with_stock(product: Product) -> list[ProductVariant]:
    """The product's variants in order, each with its sellable quantity annotated and
    `product` set on it (one query)."""
    variants = _VARIANTS_OF_PRODUCT.objects(product.pk)
    for variant in variants:
        variant.product = product
    return variants


def choose_variant(
    product: Product, *, variant_id: int | None = None, option_ids: Iterable[int] = ()
) -> ProductVariant:
    """The chosen variant of `product`, with its sellable quantity annotated and `product`
    set on it (one query; one more to name what is missing). Raises `ChoiceRequired` when a
    product with several variants gets no full choice, `NoSuchVariant` for a combination or
    id the product does not have."""
    if variant_id is not None:  # chosen by id: the others are not needed
        variants = [v for v in _VARIANT.objects(variant_id) if v.product_id == product.pk]
        for variant in variants:
            variant.product = product
    else:
        variants = variants_with_stock(product)
    chosen = set(option_ids)
    if variant_id is not None:
        found = next((v for v in variants if v.pk == variant_id), None)
    elif chosen:
        key = option_key(chosen)
        found = next((v for v in variants if v.option_key == key), None)
        if found is None and len(chosen) < product.variant_attributes.count():
            raise ChoiceRequired(product_name=product.name, attributes=_missing(product, chosen))
    elif len(variants) == 1:
        found = variants[0]
    else:
        raise ChoiceRequired(product_name=product.name, attributes=_missing(product, chosen))
    if found is None:
        raise NoSuchVariant(product_name=product.name)
    return found


def _missing(product: Product, chosen: set[int]) -> list[str]:
    """The names of the variant attributes with no chosen option."""
    return list(
        product.variant_attributes.exclude(options__pk__in=chosen)
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
