"""`make run` on a fresh machine: `migrate` on an empty database with the shop's own settings
(the database cache, whose table `prepare_demo` creates only after migrating). A migration
that tells a cache about its change failed there, while the suite's in-memory cache hid it."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from storefront.database import database_url

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_database_url():
    name = f"test_fresh_{uuid.uuid4().hex[:12]}"
    server = urlsplit(database_url())
    maintenance = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunsplit(server._replace(path=f"/{name}"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def test_every_migration_runs_on_an_empty_database_with_the_database_cache(empty_database_url):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="storefront.settings.dev", DATABASE_URL=empty_database_url)

    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    with psycopg.connect(empty_database_url) as connection:
        [[product_tables]] = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'catalog_product'"
        ).fetchall()
    assert product_tables == 1
