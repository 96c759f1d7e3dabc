"""Placing an order never waits for a shopper adding the same product to a cart.

Committing a cart line checks its foreign keys, which key-share-locks the product, then the
variant, until the commit ends. Order placement locks variant, then product: with
`FOR UPDATE` the two could wait on each other and PostgreSQL aborted the order ("deadlock
detected", an HTTP 500 seen under load in bench/checkout.py). The locks are `FOR NO KEY
UPDATE`, which a foreign-key check does not wait for and which still excludes other orders.
"""

import threading

import pytest
from django.db import connection, transaction

from commerce.orders.models import Order
from commerce.stock.models import StockRecord
from tests.fixtures.cart import guest_cart, put
from tests.fixtures.catalog import (
    make_attribute,
    make_category,
    make_product,
    make_variants,
    make_warehouse,
    set_stock,
)
from tests.fixtures.orders import make_delivery_method, make_payment_method, run_together, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def medium():
    product = make_product(make_category("Shirts"), name="Tee", price="20.00", sku="TEE")
    variant = make_variants(product, [make_attribute("Size", ["M", "L"])], ["M", "L"])["TEE-M"]
    set_stock(variant, make_warehouse("main"), 5)
    return variant


@pytest.fixture
def methods():
    return {
        "delivery_method": make_delivery_method("Parcel", price="5.00"),
        "payment_method": make_payment_method("Cash", provider="cash_on_delivery"),
    }


def hold_a_cart_line_open(variant, written: threading.Event, release: threading.Event):
    """In a thread: write a cart line of `variant` and keep its transaction open, its
    foreign keys checked (Django's are checked at commit; checked now, the transaction holds
    the key-share locks a commit holds while it checks them)."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            put(guest_cart(), variant.product, 1, variant=variant)
            written.set()
            release.wait(timeout=30)
    finally:
        connection.close()


def test_an_order_is_placed_while_another_shoppers_cart_line_of_it_is_being_written(
    medium, methods
):
    written, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=hold_a_cart_line_open, args=(medium, written, release))
    writer.start()
    try:
        assert written.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # waiting fails the test
        order = submit([(medium, 1)], expected_total="25.00", **methods)
    finally:
        release.set()
        writer.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert isinstance(order, Order) and order.total == 25
    assert StockRecord.objects.get(variant=medium).quantity == 4


def test_orders_still_take_turns_on_the_same_rows(medium, methods):
    results = run_together(
        8,
        lambda index: submit(
            [(medium, 1)], expected_total="25.00", email=f"s{index}@example.com", **methods
        ),
    )

    assert sum(isinstance(result, Order) for result in results) == 5
    assert StockRecord.objects.get(variant=medium).quantity == 0
