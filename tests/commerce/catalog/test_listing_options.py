"""The listing options (what listings count and pre-filter products by) follow every write of
options, variant attributes and variants, whoever makes it: the database keeps them."""

import pytest

from commerce.catalog.models import ListingOption, Product, ProductVariant
from commerce.catalog.services import generate_variants
from tests.fixtures.catalog import make_attribute, make_product, make_tee, option

pytestmark = pytest.mark.django_db


def listed(product) -> set[str]:
    rows = ListingOption.objects.filter(product=product).select_related("option__definition")
    return {f"{row.option.definition.slug}:{row.option.slug}" for row in rows}


@pytest.fixture
def attributes(db):
    return (
        make_attribute("Size", ["S", "M", "L"]),
        make_attribute("Colour", ["Navy", "Red"]),
        make_attribute("Material", ["Cotton", "Wool"]),
    )


def test_a_product_is_listed_under_its_variants_options_and_its_own_others(
    category, warehouse, attributes
):
    size, colour, material = attributes
    tee = make_tee(category, warehouse, size, colour)
    # its own links name a size no variant has, and a material
    tee.attribute_options.set([option(size, "S"), option(material, "Cotton")])
    tee.save()

    assert listed(tee) == {"size:m", "size:l", "colour:navy", "colour:red", "material:cotton"}


def test_deleting_a_variant_or_an_option_link_updates_the_listing(category, warehouse, attributes):
    size, colour, material = attributes
    tee = make_tee(category, warehouse, size, colour)
    tee.attribute_options.set([option(material, "Cotton")])
    tee.save()

    ProductVariant.objects.filter(sku="TEE-M-RED").delete()
    tee.attribute_options.set([])
    tee.save()

    assert listed(tee) == {"size:m", "size:l", "colour:navy"}


def test_generated_variants_are_listed_and_a_deleted_product_leaves_nothing(category, attributes):
    size, colour, _ = attributes
    cap = make_product(category, name="Cap")
    cap.attribute_options.set([option(colour, "Red")])  # colour is the product's own
    cap.save()
    generate_variants(product=cap, options=[option(size, "S"), option(size, "L")])

    assert listed(cap) == {"size:s", "size:l", "colour:red"}

    Product.objects.filter(pk=cap.pk).delete()

    assert not ListingOption.objects.filter(product_id=cap.pk).exists()
