"""A product page's relations read by prepared queries (commerce.queries): its gallery with the
renditions the page shows, its attribute options, its variants' options.

The first view of a product page in a catalog generation read these through
`prefetch_related`, whose SQL (and modelcluster's prefetch plumbing) was built anew every time:
about a third of that view's time. Each read here is one query whose SQL is built once per
process; what it finds is handed to the relations as a prefetch would
(`commerce.queries.attach_prefetched`), so `product.images.all()`, `variant.options.all()`
and the like answer without a query.
"""

from collections import defaultdict

from django.db.models import F
from wagtail.images import get_image_model

from commerce.catalog.models import AttributeOption, Product, ProductImage, ProductVariant
from commerce.catalog.renditions import GALLERY_PICTURE, GALLERY_RENDITION, picture_specs
from commerce.queries import InArray, PreparedQuery, attach_prefetched

GALLERY_SPECS = (GALLERY_RENDITION, *picture_specs(GALLERY_PICTURE))

# In gallery order; the first is the product's main picture.
_PICTURES = PreparedQuery(
    lambda product_ids: (
        ProductImage.objects.filter(InArray(F("product_id"), product_ids))
        .order_by("sort_order", "pk")
        .select_related("image")
    ),
    slot=[-1],
)
_RENDITIONS: dict[tuple[str, ...], PreparedQuery] = {}  # one read per set of specs


def _renditions_of(specs: tuple[str, ...]) -> PreparedQuery:
    query = _RENDITIONS.get(specs)
    if query is None:
        rendition = get_image_model().get_rendition_model()
        query = _RENDITIONS.setdefault(
            specs,
            PreparedQuery(
                lambda image_ids: rendition.objects.filter(
                    InArray(F("image_id"), image_ids), filter_spec__in=specs
                ),
                slot=[-1],
            ),
        )
    return query


# In AttributeOption's own order (its attribute's position and name, then its sort order).
_PRODUCT_OPTIONS = PreparedQuery(
    lambda product_id: AttributeOption.objects.filter(products__id=product_id).select_related(
        "definition"
    ),
    slot=-1,
)
_VARIANT_OPTIONS = PreparedQuery(
    lambda variant_ids: (
        ProductVariant.options.through.objects.filter(InArray(F("productvariant_id"), variant_ids))
        .select_related("attributeoption__definition")
        .order_by(
            "attributeoption__definition__position",
            "attributeoption__definition__name",
            "attributeoption__sort_order",
            "attributeoption__pk",
        )
    ),
    slot=[-1],
)


def load_pictures(products: list[Product], specs: tuple[str, ...]) -> None:
    """`product.images.all()` of each product: its pictures in gallery order, each image with
    those of the renditions `specs` that exist (Wagtail's `prefetched_renditions`, which its
    rendition lookups read). Two queries (one when none has a picture), whatever the number
    of products."""
    if not products:
        return
    pictures = _PICTURES.objects(list({product.pk for product in products}))
    renditions = defaultdict(list)
    if pictures:
        images = {picture.image_id: picture.image for picture in pictures}
        for rendition in _renditions_of(specs).objects(list(images)):
            rendition.image = images[rendition.image_id]
            renditions[rendition.image_id].append(rendition)
    by_product = defaultdict(list)
    for picture in pictures:
        picture.image.prefetched_renditions = renditions[picture.image_id]
        by_product[picture.product_id].append(picture)
    for product in products:
        for picture in by_product[product.pk]:
            picture.product = product  # as a prefetch sets the reverse relation
        attach_prefetched(product, "images", by_product[product.pk])


def load_gallery(product: Product) -> None:
    """The product page's pictures (`load_pictures` with the gallery's renditions)."""
    load_pictures([product], GALLERY_SPECS)


def load_attribute_options(product: Product) -> None:
    """`product.attribute_options.all()`, each with its definition: one query."""
    attach_prefetched(product, "attribute_options", _PRODUCT_OPTIONS.objects(product.pk))


def load_variant_options(variants: list[ProductVariant]) -> None:
    """`variant.options.all()` of each variant, each option with its definition: one query."""
    found = defaultdict(list)
    if variants:
        for link in _VARIANT_OPTIONS.objects([variant.pk for variant in variants]):
            found[link.productvariant_id].append(link.attributeoption)
    for variant in variants:
        attach_prefetched(variant, "options", found[variant.pk])
