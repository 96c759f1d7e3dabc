"""The benchmark database: its own database on the shop's PostgreSQL server, never the dev one.

A script calls `use_database(name)` before it touches Django: the server is the one
`DATABASE_URL` names (or the project's private PostgreSQL), the database is `name`, created
when missing, then migrated and given the cache table, with `bench.settings` (what the
benchmark server runs). When Django is set up already (the smoke tests), nothing changes and
the current database (the test database) is used. Either way the database cache's table is
emptied first.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import django
from django.apps import apps

from bench.harness import BenchError

DEV_DATABASE_NAME = "storefront"
CACHE_TABLE = "storefront_cache"


def server_url() -> str:
    """`DATABASE_URL`, or the private PostgreSQL's URL (started when needed)."""
    from storefront.database import database_url

    return database_url()


def url_for(name: str, base: str | None = None) -> str:
    parts = urlsplit(base or server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def forbidden_names() -> set[str]:
    """The dev database, and whatever database `DATABASE_URL` itself names."""
    names = {DEV_DATABASE_NAME}
    if configured := os.environ.get("DATABASE_URL", "").strip():
        names.add(urlsplit(configured).path.lstrip("/"))
    return names


def use_database(name: str) -> str:
    """Point Django at the benchmark database `name` (see the module docstring); return the
    URL the benchmark server should use."""
    if name in forbidden_names():
        raise BenchError(
            f"refusing to benchmark the database `{name}`: the scripts change stock and place "
            "orders; give --database a name of its own (e.g. storefront_bench_1000)"
        )
    if apps.ready:
        from django.db import connection

        reset_cache_table()
        return url_for(connection.settings_dict["NAME"])
    base = server_url()
    ensure_database(url_for("postgres", base), name)
    url = url_for(name, base)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DEBUG", "false")
    django.setup()
    migrate()
    return url


def ensure_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    reset_cache_table()


def reset_cache_table() -> None:
    """The database cache's table, created when missing and emptied, so every run starts
    from a cold cache that matches the catalog (the category menu is cached there). Named
    explicitly: the smoke tests' in-process settings use a memory cache, but the benchmark
    server they start uses the database cache."""
    from django.core.management import call_command
    from django.db import connection

    call_command("createcachetable", CACHE_TABLE, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(CACHE_TABLE)}")
