"""The raw-SQL ceiling runs on copies of the migrated tables, not on a schema of its own."""

import psycopg
import pytest
from django.db import connection

from bench import raw_order
from bench.database import url_for

pytestmark = pytest.mark.django_db

COLUMNS = (
    "SELECT column_name, data_type, character_maximum_length, numeric_scale, is_nullable "
    "FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
    "ORDER BY ordinal_position"
)


def columns(schema: str, table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(COLUMNS, [schema, table])
        return cursor.fetchall()


def test_the_copies_have_the_columns_of_the_migrated_tables_and_are_dropped_after():
    url = url_for(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        shop_schema = cursor.fetchone()[0]

    raw_order.create_tables(url, products=2, stock=3)
    try:
        for model in raw_order.MODELS:
            table = model._meta.db_table
            copied = columns(raw_order.SCHEMA, table)
            assert copied == columns(shop_schema, table), table
            assert {row[0] for row in copied} == {f.column for f in model._meta.concrete_fields}
        # On a connection of its own: a read through the test's (open) transaction would hold
        # a lock on the copy that drop_tables below then waits for, for ever.
        with psycopg.connect(url, autocommit=True) as own:
            stock = raw_order.table(raw_order.StockRecord)
            assert own.execute(f"SELECT sum(quantity) FROM {stock}").fetchone()[0] == 6
    finally:
        raw_order.drop_tables(url)

    assert columns(raw_order.SCHEMA, "orders_order") == []
