"""Prepared reads (commerce/queries.py): SQL built once per process, each call the same rows,
instances and annotations as the queryset it was built from."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from commerce.cart.models import CartLine
from commerce.cart.selectors import cart_lines
from commerce.catalog.models import ProductVariant
from commerce.queries import InArray, PreparedQuery, PreparedRead
from commerce.stock.availability import with_variant_quantity
from commerce.stock.models import StockRecord
from tests.fixtures.cart import guest_cart, put, stocked_product
from tests.fixtures.catalog import make_attribute, make_variants, set_stock

pytestmark = pytest.mark.django_db

VARIANTS = PreparedQuery(
    lambda product_id: with_variant_quantity(
        ProductVariant.objects.filter(product_id=product_id).select_related("product__category")
    ).order_by("pk"),
    slot=-1,
)


@pytest.fixture
def tee(category, warehouse):
    product = stocked_product(category, warehouse, name="Tee")
    size = make_attribute("Size", ["S", "M", "L"])
    variants = make_variants(product, [size], ["S", "M", "L"], prices={("L",): "12.50"})
    for stock, variant in zip((0, 3, 7), variants.values(), strict=True):
        set_stock(variant, warehouse, stock)
    return product


def test_instances_match_the_querysets_with_related_rows_and_annotations(tee, category, warehouse):
    other = stocked_product(category, warehouse, name="Other")
    expected = list(
        with_variant_quantity(
            ProductVariant.objects.filter(product=tee).select_related("product__category")
        ).order_by("pk")
    )

    with CaptureQueriesContext(connection) as captured:
        found = VARIANTS.objects(tee.pk)
        names = [(v.product.name, v.product.category.name) for v in found]

    assert len(captured) == 1  # related rows came with it
    assert [v.pk for v in found] == [v.pk for v in expected]
    assert [v.sellable_quantity for v in found] == [0, 3, 7]
    assert [str(v.price) if v.price else None for v in found] == [
        str(v.price) if v.price else None for v in expected
    ]
    assert names == [("Tee", category.name)] * 3
    # Another value, same SQL: only that product's rows.
    assert [v.product_id for v in VARIANTS.objects(other.pk)] == [other.pk]


def test_deferred_fields_load_on_access_and_first_gives_none_when_nothing_matches(tee):
    slim = PreparedQuery(lambda pk: ProductVariant.objects.filter(pk=pk).only("sku"), slot=-1)
    variant = slim.first(tee.variants.order_by("pk").first().pk)

    assert variant.sku and variant.get_deferred_fields()
    assert variant.product_id == tee.pk  # loaded when asked for, as the ORM does
    assert slim.first(10**9) is None


@pytest.mark.parametrize("key", [2**63, -(2**63) - 1, 10**30])
def test_a_key_out_of_the_databases_range_matches_nothing_without_asking(key):
    with CaptureQueriesContext(connection) as captured:
        assert VARIANTS.objects(key) == []
    assert len(captured) == 0


def test_a_value_used_twice_is_refused_when_prepared():
    twice = PreparedRead(
        lambda pk: ProductVariant.objects.filter(Q(pk=pk) | Q(product_id=pk)).values_list("pk"),
        slot=-1,
    )
    with pytest.raises(ImproperlyConfigured):
        twice.rows(1)


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_outside_a_transaction_is_refused(tee):
    locked = PreparedQuery(
        lambda pk: StockRecord.objects.filter(pk=pk).select_for_update(), slot=-1
    )
    record = StockRecord.objects.filter(variant__product=tee).first()

    with transaction.atomic():
        assert locked.first(record.pk) == record
    with pytest.raises(TransactionManagementError):
        locked.first(record.pk)


def test_in_array_takes_a_list_of_ids_as_one_parameter(tee):
    ids = sorted(tee.variants.values_list("pk", flat=True))
    by_ids = PreparedRead(
        lambda wanted: (
            ProductVariant.objects.filter(InArray(F("pk"), wanted))
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        slot=[-1],
    )

    assert [pk for (pk,) in by_ids.rows(ids[:2])] == ids[:2]
    assert [pk for (pk,) in by_ids.rows(ids)] == ids
    assert by_ids.rows([]) == []
    assert [pk for (pk,) in by_ids.rows([ids[0], 2**63, 10**30])] == ids[:1]  # none has those


def test_cart_lines_read_through_the_prepared_query_carry_their_variants_stock(tee):
    cart = guest_cart()
    medium, large = tee.variants.order_by("pk")[1:]
    put(cart, tee, 2, variant=medium)
    put(cart, tee, 1, variant=large)

    lines = cart_lines(cart)

    assert [(line.variant.pk, line.variant.sellable_quantity) for line in lines] == [
        (medium.pk, 3),
        (large.pk, 7),
    ]
    assert all(line.variant.product is line.product for line in lines)
    assert CartLine.objects.filter(cart=cart).count() == 2
