import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from commerce.catalog.models import Product
from commerce.stock.availability import availability_of, with_sellable_quantity
from commerce.stock.models import StockRecord
from tests.fixtures.catalog import make_product, make_warehouse, set_stock

pytestmark = pytest.mark.django_db


def test_database_refuses_negative_stock(product, warehouse):
    record = StockRecord.objects.get(product=product, warehouse=warehouse)

    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(pk=record.pk).update(quantity=F("quantity") - 13)

    record.refresh_from_db()
    assert record.quantity == 12


def test_one_stock_record_per_product_and_warehouse(product, warehouse):
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.create(product=product, warehouse=warehouse, quantity=1)


def test_availability_sums_active_warehouses_only(category):
    product = make_product(category)
    set_stock(product, make_warehouse("north", priority=1), 2)
    set_stock(product, make_warehouse("south", priority=2), 1)
    set_stock(product, make_warehouse("closed", is_active=False), 40)

    annotated = with_sellable_quantity(Product.objects.filter(pk=product.pk)).get()

    assert annotated.sellable_quantity == 3
    assert availability_of(annotated).label == "Only 3 left"
    assert availability_of(product).quantity == 3


@pytest.mark.parametrize(
    ("quantity", "label", "state"),
    [
        (0, "Out of stock", "out"),
        (1, "Only 1 left", "low"),
        (5, "Only 5 left", "low"),
        (6, "In stock", "in"),
    ],
)
def test_availability_labels(category, warehouse, quantity, label, state):
    product = make_product(category)
    set_stock(product, warehouse, quantity)

    availability = availability_of(product)

    assert (availability.label, availability.state) == (label, state)


def test_product_without_stock_records_is_out_of_stock(category):
    assert availability_of(make_product(category)).label == "Out of stock"
