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

They run on simplified copies of the tables (the columns those statements touch, the same
keys, checks and indexes) in a scratch schema `bench_ceiling` of the benchmark database,
created for the run and dropped after it, so the figures include real commits (WAL flushes)
and leave the shop's own tables alone. Each client has its own connection; all start together.
"""

import secrets
import threading
from dataclasses import dataclass
from decimal import Decimal

import psycopg

from bench.harness import LoadResult, run_load

SCHEMA = "bench_ceiling"
WAREHOUSES = 3  # like the generated catalog: stock rows in three warehouses
DELIVERY = Decimal("4.90")

CREATE_TABLES = f"""
DROP SCHEMA IF EXISTS {SCHEMA} CASCADE;
CREATE SCHEMA {SCHEMA};
CREATE TABLE {SCHEMA}.warehouse (
    id bigint PRIMARY KEY, code varchar(32) NOT NULL UNIQUE,
    priority smallint NOT NULL, is_active boolean NOT NULL
);
CREATE TABLE {SCHEMA}.product (
    id bigint PRIMARY KEY, name varchar(200) NOT NULL, sku varchar(64) NOT NULL UNIQUE,
    price numeric(12, 2) NOT NULL, status varchar(16) NOT NULL, live boolean NOT NULL
);
CREATE TABLE {SCHEMA}.stock (
    id bigserial PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES {SCHEMA}.product (id),
    warehouse_id bigint NOT NULL REFERENCES {SCHEMA}.warehouse (id),
    quantity integer NOT NULL CHECK (quantity >= 0),
    UNIQUE (product_id, warehouse_id)
);
CREATE TABLE {SCHEMA}.orders (
    id bigserial PRIMARY KEY, number varchar(20) NOT NULL UNIQUE,
    idempotency_key varchar(100) NOT NULL UNIQUE, access_token varchar(64) NOT NULL UNIQUE,
    status varchar(16) NOT NULL, email varchar(254) NOT NULL, name varchar(200) NOT NULL,
    address_line1 varchar(200) NOT NULL, postal_code varchar(20) NOT NULL,
    city varchar(120) NOT NULL, country varchar(2) NOT NULL,
    delivery_method_name varchar(120) NOT NULL, delivery_cost numeric(12, 2) NOT NULL,
    payment_method_name varchar(120) NOT NULL, subtotal numeric(12, 2) NOT NULL,
    discount numeric(12, 2) NOT NULL, total numeric(12, 2) NOT NULL CHECK (total >= 0),
    currency varchar(3) NOT NULL, created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON {SCHEMA}.orders (created_at DESC);
CREATE INDEX ON {SCHEMA}.orders (email);
CREATE TABLE {SCHEMA}.order_line (
    id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES {SCHEMA}.orders (id),
    product_id bigint REFERENCES {SCHEMA}.product (id), product_name varchar(200) NOT NULL,
    sku varchar(64) NOT NULL, unit_price numeric(12, 2) NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0), line_total numeric(12, 2) NOT NULL
);
CREATE INDEX ON {SCHEMA}.order_line (order_id);
CREATE INDEX ON {SCHEMA}.order_line (product_id);
CREATE TABLE {SCHEMA}.allocation (
    id bigserial PRIMARY KEY, line_id bigint NOT NULL REFERENCES {SCHEMA}.order_line (id),
    warehouse_id bigint NOT NULL REFERENCES {SCHEMA}.warehouse (id),
    quantity integer NOT NULL CHECK (quantity > 0), UNIQUE (line_id, warehouse_id)
);
CREATE TABLE {SCHEMA}.status_change (
    id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES {SCHEMA}.orders (id),
    from_status varchar(16) NOT NULL, to_status varchar(16) NOT NULL,
    note varchar(250) NOT NULL, created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON {SCHEMA}.status_change (order_id);
"""

LOCK_PRODUCTS = (
    f"SELECT id, name, sku, price, status, live FROM {SCHEMA}.product "
    "WHERE id = ANY(%s) ORDER BY id FOR UPDATE"
)
LOCK_STOCK = (
    f"SELECT s.id, s.product_id, s.warehouse_id, s.quantity, w.priority, w.code "
    f"FROM {SCHEMA}.stock s JOIN {SCHEMA}.warehouse w ON w.id = s.warehouse_id "
    "WHERE s.product_id = ANY(%s) AND w.is_active ORDER BY s.id FOR UPDATE OF s"
)
TAKE_STOCK = f"UPDATE {SCHEMA}.stock SET quantity = quantity - %s WHERE id = %s AND quantity >= %s"
INSERT_ORDER = (
    f"INSERT INTO {SCHEMA}.orders (number, idempotency_key, access_token, status, email, name, "
    "address_line1, postal_code, city, country, delivery_method_name, delivery_cost, "
    "payment_method_name, subtotal, discount, total, currency) "
    "VALUES (%s, %s, %s, 'new', %s, 'Bench Buyer', '1 Loop Road', '10115', 'Berlin', 'DE', "
    "'Parcel', %s, 'Cash on delivery', %s, 0, %s, 'EUR') RETURNING id"
)
INSERT_LINE = (
    f"INSERT INTO {SCHEMA}.order_line (order_id, product_id, product_name, sku, unit_price, "
    "quantity, line_total) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id"
)
INSERT_ALLOCATION = (
    f"INSERT INTO {SCHEMA}.allocation (line_id, warehouse_id, quantity) VALUES (%s, %s, %s)"
)
INSERT_STATUS = (
    f"INSERT INTO {SCHEMA}.status_change (order_id, from_status, to_status, note) "
    "VALUES (%s, '', 'new', 'Placed')"
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
    """The scratch schema, `products` products each with `stock` units in the first of
    three warehouses (and empty rows in the other two)."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(CREATE_TABLES)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {SCHEMA}.warehouse VALUES (%s, %s, %s, true)",
                [(n, f"wh-{n}", n) for n in range(1, WAREHOUSES + 1)],
            )
            cursor.execute(
                f"INSERT INTO {SCHEMA}.product SELECT n, 'Product ' || n, 'RAW-' || n, "
                "19.90, 'active', true FROM generate_series(1, %s) n",
                [products],
            )
            cursor.execute(
                f"INSERT INTO {SCHEMA}.stock (product_id, warehouse_id, quantity) "
                "SELECT p, w, CASE WHEN w = 1 THEN %s ELSE 0 END "
                "FROM generate_series(1, %s) p, generate_series(1, %s) w ORDER BY p, w",
                [stock, products, WAREHOUSES],
            )
        connection.execute(f"ANALYZE {SCHEMA}.product, {SCHEMA}.stock, {SCHEMA}.warehouse")


def drop_tables(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def place(connection: psycopg.Connection, product_id: int, quantity: int = 1) -> None:
    """One order of `quantity` units of one product; raises `Refused` (rolled back) when
    the stock is short."""
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute(LOCK_PRODUCTS, [[product_id]])
        product = cursor.fetchone()
        cursor.execute(LOCK_STOCK, [[product_id]])
        records = sorted(cursor.fetchall(), key=lambda row: (row[4], row[5], row[0]))
        if product is None or product[4] != "active" or not product[5]:
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
            cursor.execute(TAKE_STOCK, [take, record_id, take])
            if cursor.rowcount != 1:
                raise Refused
        price = product[3]
        subtotal = price * quantity
        cursor.execute(
            INSERT_ORDER,
            [
                secrets.token_hex(6).upper(),
                secrets.token_hex(16),
                secrets.token_urlsafe(32),
                f"raw-{secrets.token_hex(4)}@bench.example",
                DELIVERY,
                subtotal,
                subtotal + DELIVERY,
            ],
        )
        order_id = cursor.fetchone()[0]
        cursor.execute(
            INSERT_LINE, [order_id, product_id, product[1], product[2], price, quantity, subtotal]
        )
        line_id = cursor.fetchone()[0]
        cursor.executemany(
            INSERT_ALLOCATION, [(line_id, warehouse_id, take) for _r, warehouse_id, take in plan]
        )
        cursor.execute(INSERT_STATUS, [order_id])


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

    try:
        load = run_load(order, concurrency=concurrency, seconds=seconds)
        with connections[0].cursor() as cursor:
            cursor.execute(f"SELECT count(*), coalesce(sum(quantity), 0) FROM {SCHEMA}.order_line")
            orders, sold = cursor.fetchone()
            cursor.execute(
                f"SELECT %s::bigint * %s - sum(quantity), count(*) FILTER (WHERE quantity < 0) "
                f"FROM {SCHEMA}.stock",
                [products, stock],
            )
            lost, negative = cursor.fetchone()
        connections[0].rollback()
    finally:
        for connection in connections:
            connection.close()
        drop_tables(url)
    return RawResult(load, orders, refused[0], int(sold), int(lost), negative)
