"""The database's limit for placing orders: `place_order`'s SQL, by hand, through psycopg.

The statements are the ones `commerce.checkout.services.place_order` sends inside its
transaction (see `commerce/checkout/locks.py` and `commerce/stock/allocation.py`), with no
Django, no HTTP and no Python work between them:

1. lock the products, `ORDER BY id FOR UPDATE`;
2. lock their stock rows in active warehouses (joined to the warehouse for its priority),
   `ORDER BY id FOR UPDATE OF stock`;
3. for each warehouse used, the guarded `UPDATE stock SET quantity = quantity - n
   WHERE id = ... AND quantity >= n`, its row count checked;
4. insert the order, its lines, their allocations and the first status change; commit.

They run on copies of the shop's migrated tables in a scratch schema `bench_ceiling` of the
benchmark database: each table is `CREATE TABLE ... (LIKE <the migrated table> INCLUDING
ALL)` (same columns, defaults, checks, keys and indexes), with the foreign keys between the
copies added from the models, and every table and column name read from the models'
`_meta`. The schema is created for the run and dropped after it, so the figures include real
commits (WAL flushes) and the shop's own rows are never touched. Each client has its own
connection; all start together. Needs Django set up (it reads the models).
"""

import secrets
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import psycopg
from django.db import connection as django_connection
from django.utils import timezone

from bench.harness import LoadResult, run_load
from commerce.catalog.models import Product, ProductStatus
from commerce.checkout.models import PaymentProvider
from commerce.orders.models import (
    Order,
    OrderLine,
    OrderLineAllocation,
    OrderStatus,
    OrderStatusChange,
)
from commerce.orders.numbers import new_order_number
from commerce.stock.models import StockRecord, Warehouse

SCHEMA = "bench_ceiling"
WAREHOUSES = 3  # like the generated catalog: stock rows in three warehouses
DELIVERY = Decimal("4.90")
PRICE = Decimal("19.90")
BUYER_ADDRESS = {
    "name": "Bench Buyer",
    "address_line1": "1 Loop Road",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
}
MODELS = [Warehouse, Product, StockRecord, Order, OrderLine, OrderLineAllocation, OrderStatusChange]


def quote(name: str) -> str:
    return django_connection.ops.quote_name(name)


def table(model) -> str:
    """The scratch copy of the model's table, schema-qualified."""
    return f"{quote(SCHEMA)}.{quote(model._meta.db_table)}"


def column(model, field_name: str) -> str:
    return quote(model._meta.get_field(field_name).column)


def copy_tables_sql() -> list[str]:
    """The scratch schema: each model's migrated table copied with `LIKE ... INCLUDING ALL`,
    then the foreign keys between the copies, as Django declares them (deferred)."""
    statements = [
        f"DROP SCHEMA IF EXISTS {quote(SCHEMA)} CASCADE",
        f"CREATE SCHEMA {quote(SCHEMA)}",
        *(
            f"CREATE TABLE {table(model)} (LIKE {quote(model._meta.db_table)} INCLUDING ALL)"
            for model in MODELS
        ),
    ]
    for model in MODELS:
        for field in model._meta.concrete_fields:
            target = field.related_model if field.many_to_one else None
            if target in MODELS:
                statements.append(
                    f"ALTER TABLE {table(model)} ADD FOREIGN KEY ({quote(field.column)}) "
                    f"REFERENCES {table(target)} ({quote(target._meta.pk.column)}) "
                    "DEFERRABLE INITIALLY DEFERRED"
                )
    return statements


class Insert:
    """An INSERT of every column (but the primary key unless `with_pk`), built once from the
    model; `params`
    fills a row from the given values, else the field's default, or now() for the auto-now
    dates (what Django's `save` would write)."""

    def __init__(self, model, *, returning_pk: bool = False, with_pk: bool = False):
        self.fields = [
            field for field in model._meta.concrete_fields if with_pk or not field.primary_key
        ]
        columns = ", ".join(quote(field.column) for field in self.fields)
        values = ", ".join(["%s"] * len(self.fields))
        returning = f" RETURNING {quote(model._meta.pk.column)}" if returning_pk else ""
        self.sql = f"INSERT INTO {table(model)} ({columns}) VALUES ({values}){returning}"

    def params(self, **values) -> list:
        now = timezone.now()
        row = []
        for field in self.fields:
            if field.attname in values:
                row.append(values[field.attname])
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                row.append(now)
            else:
                row.append(field.get_default())
        return row


@dataclass(frozen=True)
class Statements:
    lock_products: str
    lock_stock: str
    take_stock: str
    product: Insert
    stock: Insert
    order: Insert
    line: Insert
    allocation: Insert
    status_change: Insert


@cache
def statements() -> Statements:
    """The transaction's SQL on the copies, every name read from the models."""
    product, stock, warehouse = table(Product), table(StockRecord), table(Warehouse)
    product_id, stock_id, warehouse_id = (
        quote(model._meta.pk.column) for model in (Product, StockRecord, Warehouse)
    )
    product_columns = ", ".join(
        column(Product, name) for name in ("name", "sku", "price", "status", "live")
    )
    quantity = column(StockRecord, "quantity")
    of_product, of_warehouse = column(StockRecord, "product"), column(StockRecord, "warehouse")
    return Statements(
        lock_products=(
            f"SELECT {product_id}, {product_columns} FROM {product} "
            f"WHERE {product_id} = ANY(%s) ORDER BY {product_id} FOR UPDATE"
        ),
        lock_stock=(
            f"SELECT s.{stock_id}, s.{of_product}, s.{of_warehouse}, s.{quantity}, "
            f"w.{column(Warehouse, 'priority')}, w.{column(Warehouse, 'code')} "
            f"FROM {stock} s JOIN {warehouse} w ON w.{warehouse_id} = s.{of_warehouse} "
            f"WHERE s.{of_product} = ANY(%s) AND w.{column(Warehouse, 'is_active')} "
            f"ORDER BY s.{stock_id} FOR UPDATE OF s"
        ),
        take_stock=(
            f"UPDATE {stock} SET {quantity} = {quantity} - %s "
            f"WHERE {stock_id} = %s AND {quantity} >= %s"
        ),
        product=Insert(Product, with_pk=True),
        stock=Insert(StockRecord),
        order=Insert(Order, returning_pk=True),
        line=Insert(OrderLine, returning_pk=True),
        allocation=Insert(OrderLineAllocation),
        status_change=Insert(OrderStatusChange),
    )


class Refused(Exception):
    """Not enough stock: the transaction was rolled back."""


@dataclass
class RawResult:
    load: LoadResult
    orders: int
    refused: int
    units_sold: int
    stock_lost: int
    negative_rows: int

    @property
    def adds_up(self) -> bool:
        return self.units_sold == self.stock_lost and self.negative_rows == 0


def create_tables(url: str, *, products: int, stock: int) -> None:
    """The scratch schema: `products` products (ids 1..products), each with `stock` units in
    the first of three warehouses and empty rows in the other two."""
    sql = statements()
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in copy_tables_sql():
            connection.execute(statement)
        warehouse = Insert(Warehouse, with_pk=True)
        with connection.cursor() as cursor:
            cursor.executemany(
                warehouse.sql,
                [
                    warehouse.params(id=n, name=f"Warehouse {n}", code=f"wh-{n}", priority=n)
                    for n in range(1, WAREHOUSES + 1)
                ],
            )
            category = 0  # the copies have no category table (and so no key to it)
            cursor.executemany(
                sql.product.sql,
                [
                    sql.product.params(
                        id=n,
                        name=f"Product {n}",
                        slug=f"raw-{n}",
                        sku=f"RAW-{n}",
                        category_id=category,
                        price=PRICE,
                        status=ProductStatus.ACTIVE,
                        live=True,
                    )
                    for n in range(1, products + 1)
                ],
            )
            cursor.executemany(
                sql.stock.sql,
                [
                    sql.stock.params(
                        product_id=n,
                        variant_id=n,  # its only variant (no variant table in the scratch copy)
                        warehouse_id=w,
                        quantity=stock if w == 1 else 0,
                    )
                    for n in range(1, products + 1)
                    for w in range(1, WAREHOUSES + 1)
                ],
            )
        connection.execute(f"ANALYZE {table(Product)}, {table(StockRecord)}, {table(Warehouse)}")


def drop_tables(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {quote(SCHEMA)} CASCADE")


def place(connection: psycopg.Connection, product_id: int, quantity: int = 1) -> None:
    """One order of `quantity` units of one product; raises `Refused` (rolled back) when
    the stock is short."""
    sql = statements()
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute(sql.lock_products, [[product_id]])
        product = cursor.fetchone()
        cursor.execute(sql.lock_stock, [[product_id]])
        records = sorted(cursor.fetchall(), key=lambda row: (row[4], row[5], row[0]))
        if product is None or product[4] != ProductStatus.ACTIVE or not product[5]:
            raise Refused
        plan, remaining = [], quantity
        for record_id, _product, warehouse_id, units, _priority, _code in records:
            take = min(remaining, units)
            if take > 0:
                plan.append((record_id, warehouse_id, take))
                remaining -= take
        if remaining:
            raise Refused
        for record_id, _warehouse, take in plan:
            cursor.execute(sql.take_stock, [take, record_id, take])
            if cursor.rowcount != 1:
                raise Refused
        _id, name, sku, price, _status, _live = product
        subtotal = price * quantity
        cursor.execute(
            sql.order.sql,
            sql.order.params(
                number=new_order_number(),
                idempotency_key=secrets.token_hex(16),
                status=OrderStatus.NEW,
                email=f"raw-{secrets.token_hex(4)}@bench.example",
                **BUYER_ADDRESS,
                delivery_method_name="Parcel",
                delivery_cost=DELIVERY,
                payment_method_name="Cash on delivery",
                payment_provider=PaymentProvider.CASH_ON_DELIVERY,
                subtotal=subtotal,
                total=subtotal + DELIVERY,
                currency="EUR",
            ),
        )
        order_id = cursor.fetchone()[0]
        cursor.execute(
            sql.line.sql,
            sql.line.params(
                order_id=order_id,
                product_id=product_id,
                product_name=name,
                sku=sku,
                unit_price=price,
                quantity=quantity,
                line_total=subtotal,
            ),
        )
        line_id = cursor.fetchone()[0]
        cursor.executemany(
            sql.allocation.sql,
            [
                sql.allocation.params(line_id=line_id, warehouse_id=warehouse_id, quantity=take)
                for _record, warehouse_id, take in plan
            ],
        )
        cursor.execute(
            sql.status_change.sql,
            sql.status_change.params(
                order_id=order_id, from_status="", to_status=OrderStatus.NEW, note="Placed"
            ),
        )


def run(
    url: str,
    *,
    concurrency: int,
    seconds: float,
    products: int,
    stock: int,
    choose=None,
) -> RawResult:
    """Orders for `seconds` from `concurrency` connections; `choose(worker, number)` picks
    the product id (default: always product 1, the hot row). The schema is dropped after."""
    choose = choose or (lambda _worker, _number: 1)
    create_tables(url, products=products, stock=stock)
    connections = [psycopg.connect(url) for _ in range(concurrency)]
    refused = [0]
    lock = threading.Lock()

    def order(worker: int, number: int) -> bool:
        try:
            place(connections[worker], choose(worker, number))
        except Refused:
            with lock:
                refused[0] += 1
            return False
        return True

    line_quantity = column(OrderLine, "quantity")
    stock_quantity = column(StockRecord, "quantity")
    try:
        load = run_load(order, concurrency=concurrency, seconds=seconds)
        with connections[0].cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), coalesce(sum({line_quantity}), 0) FROM {table(OrderLine)}"
            )
            orders, sold = cursor.fetchone()
            cursor.execute(
                f"SELECT %s::bigint * %s - sum({stock_quantity}), "
                f"count(*) FILTER (WHERE {stock_quantity} < 0) FROM {table(StockRecord)}",
                [products, stock],
            )
            lost, negative = cursor.fetchone()
        connections[0].rollback()
    finally:
        for connection in connections:
            connection.close()
        drop_tables(url)
    return RawResult(load, orders, refused[0], int(sold), int(lost), negative)
