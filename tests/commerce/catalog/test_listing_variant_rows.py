"""The per-variant listing rows (what filtered listings read) follow every write of options,
variants, stock rows and warehouses, whoever makes it: compared with the truth after each."""

import pytest
from django.db.models import F

from commerce.catalog.models import (
    AttributeOption,
    ListingOption,
    ListingVariant,
    Product,
    ProductVariant,
)
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_attribute, make_tee, make_warehouse, option, set_stock

pytestmark = pytest.mark.django_db


def rows() -> dict[str, tuple[list[int], int]]:
    """{variant SKU: (option ids, stock rows with units)} as the table holds them."""
    skus = dict(ProductVariant.objects.values_list("pk", "sku"))
    return {
        skus.get(row.variant_id, f"gone {row.variant_id}"): (sorted(row.option_ids), row.stock_rows)
        for row in ListingVariant.objects.all()
    }


def truth() -> dict[str, tuple[list[int], int]]:
    """The same, worked out from the options, the listing options and the stock rows."""
    expected = {}
    for variant in ProductVariant.objects.prefetch_related("options"):
        own = ListingOption.objects.filter(product_id=variant.product_id, is_from_variants=False)
        option_ids = {o.pk for o in variant.options.all()} | {r.option_id for r in own}
        in_stock = StockRecord.objects.sellable().filter(variant=variant, quantity__gt=0)
        expected[variant.sku] = (sorted(option_ids), in_stock.count())
    return expected


@pytest.fixture
def tee(category, warehouse):
    size = make_attribute("Size", ["S", "M", "L"])
    colour = make_attribute("Colour", ["Navy", "Red"])
    material = make_attribute("Material", ["Cotton", "Wool"])
    tee = make_tee(category, warehouse, size, colour)
    tee.attribute_options.set([option(material, "Cotton"), option(size, "S")])
    tee.save()
    return tee


def test_each_variant_has_its_options_its_products_own_and_its_stock(tee):
    assert rows() == truth()
    assert rows()["TEE-M-NAVY"][1] == 1
    assert rows()["TEE-M-RED"][1] == 0  # its one row is empty
    material_cotton = AttributeOption.objects.get(definition__slug="material", slug="cotton").pk
    assert all(material_cotton in ids for ids, _ in rows().values())


def test_stock_selling_out_and_refilled_flips_the_count(tee, warehouse):
    m_navy = StockRecord.objects.filter(variant__sku="TEE-M-NAVY")
    m_navy.update(quantity=F("quantity") - 2)  # as an order does: units left, nothing flips
    assert rows()["TEE-M-NAVY"][1] == 1

    m_navy.update(quantity=F("quantity") - 1)  # the last unit sold
    assert rows()["TEE-M-NAVY"][1] == 0

    set_stock(ProductVariant.objects.get(sku="TEE-M-RED"), warehouse, 4)
    assert rows() == truth()
    assert rows()["TEE-M-RED"][1] == 1


def test_a_second_warehouse_counts_only_while_active(tee, warehouse):
    spare = make_warehouse("spare")
    set_stock(ProductVariant.objects.get(sku="TEE-M-NAVY"), spare, 2)
    set_stock(ProductVariant.objects.get(sku="TEE-M-RED"), spare, 1)
    assert rows()["TEE-M-NAVY"][1] == 2

    spare.is_active = False
    spare.save()
    assert rows() == truth()
    assert rows()["TEE-M-RED"][1] == 0

    set_stock(ProductVariant.objects.get(sku="TEE-L-NAVY"), spare, 9)  # stocked while off
    assert rows()["TEE-L-NAVY"][1] == 1

    spare.is_active = True
    spare.save()
    assert rows() == truth()
    assert rows()["TEE-L-NAVY"][1] == 2


def test_removed_stock_rows_variants_options_and_products_leave_no_trace(tee):
    StockRecord.objects.filter(variant__sku="TEE-L-NAVY").delete()
    ProductVariant.objects.filter(sku="TEE-M-RED").delete()
    tee.attribute_options.set([])
    tee.save()

    assert rows() == truth()
    assert set(rows()) == {"TEE-M-NAVY", "TEE-L-NAVY"}
    assert rows()["TEE-L-NAVY"][1] == 0

    Product.objects.filter(pk=tee.pk).delete()

    assert not ListingVariant.objects.exists()


def test_size_in_stock_listing_follows_a_warehouse_switched_off_and_on(client, tee, category):
    spare = make_warehouse("spare")
    set_stock(ProductVariant.objects.get(sku="TEE-M-RED"), spare, 2)  # the M Navy sells out
    StockRecord.objects.filter(variant__sku="TEE-M-NAVY").update(quantity=0)
    url = category.get_absolute_url()

    def listed_names():
        response = client.get(url, {"size": "m", "colour": "red", "in_stock": "1"})
        assert response.status_code == 200
        return [card.product.name for card in response.context["listing"].cards]

    assert listed_names() == ["Tee"]

    spare.is_active = False
    spare.save()
    assert listed_names() == []

    spare.is_active = True
    spare.save()
    assert listed_names() == ["Tee"]
