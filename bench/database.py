"""The benchmark database: its own database on the shop's PostgreSQL server, never the dev one.

A script calls `use_database(name)` before it touches Django: the server is the one
`DATABASE_URL` names (or the project's private PostgreSQL), the database is `name`, created
when missing, then migrated and given the cache table, with `bench.settings` (what the
benchmark server runs). When Django is set up already (the smoke tests), nothing changes and
the current database (the test database) is used. Either way the server's database cache
tables are created when missing and emptied first.
"""

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import django
from django.apps import apps

from bench.harness import PROJECT_ROOT, BenchError

DEV_DATABASE_NAME = "storefront"


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


def prepare_shop(args, progress) -> tuple[str, dict]:
    """Use the benchmark database `args.database` and give it a catalog of `args.products`
    (bench.shop.prepare_catalog); returns the server's database URL and the catalog's facts."""
    url = use_database(args.database)
    from bench import shop  # needs Django set up

    return url, shop.prepare_catalog(
        products=args.products,
        categories=args.categories,
        variants=getattr(args, "variants", 1),  # scripts without --variants: one each
        progress=progress,
    )


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

        url = url_for(connection.settings_dict["NAME"])
        reset_caches(url)
        return url
    base = server_url()
    ensure_database(url_for("postgres", base), name)
    url = url_for(name, base)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DEBUG", "false")
    django.setup()
    migrate()
    reset_caches(url)
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


def reset_caches(url: str) -> None:
    """Create and empty every database cache table of the benchmark server, so each run
    starts from cold caches that match the catalog. It runs this module in a process of its
    own with the server's settings (`reset_cache_tables`), because the smoke tests' own
    settings cache in memory while the server they start caches in the database."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "bench.database"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BenchError(f"could not reset the cache tables:\n{done.stderr[-2000:]}")


def reset_cache_tables() -> None:
    """With the settings Django is set up with: create the database cache tables when
    missing and empty every database cache (the page cache's alias included)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    for alias in settings.CACHES:
        if isinstance(caches[alias], DatabaseCache):
            caches[alias].clear()


if __name__ == "__main__":  # `python -m bench.database`: see `reset_caches`
    django.setup()
    reset_cache_tables()
