"""The template the test databases are copied from (tests/db_template.py)."""

import os

import pytest
from django.db import connection

from tests import db_template


def _write_migrations(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_the_digest_changes_with_a_migration_s_text_or_a_new_migration(tmp_path):
    shop = _write_migrations(tmp_path / "shop" / "migrations", {"0001_initial.py": "a = 1\n"})
    before = db_template.files_digest([shop])
    assert db_template.files_digest([shop]) == before

    (shop / "0001_initial.py").write_text("a = 2\n")
    edited = db_template.files_digest([shop])
    (shop / "0002_more.py").write_text("b = 1\n")
    added = db_template.files_digest([shop])

    assert len({before, edited, added}) == 3


def test_the_digest_tells_apps_apart(tmp_path):
    first = _write_migrations(tmp_path / "a" / "migrations", {"0001_initial.py": "x = 1\n"})
    second = _write_migrations(tmp_path / "b" / "migrations", {"0001_initial.py": "x = 1\n"})

    assert db_template.files_digest([first]) != db_template.files_digest([second])


def test_a_template_name_fits_postgresql_and_follows_the_migrations():
    long_base = "test_" + "x" * 80

    name = db_template.template_name(long_base, "key one")

    assert len(name) == 63
    assert name.startswith("test_xxx")
    assert name[-15:-10] == "_tpl_"
    assert db_template.template_name(long_base, "key two") != name
    assert db_template.template_name("test_shop", "key one") == "test_shop" + name[-15:]


@pytest.mark.parametrize(
    ("mark", "rebuild_mark", "ready"),
    [
        (None, None, False),  # no template yet, or one whose migrations never finished
        ("ready", None, True),
        ("ready run-1", None, True),  # built by an earlier --create-db run
        ("ready", "ready run-2", False),  # --create-db: built before this run
        ("ready run-1", "ready run-2", False),
        ("ready run-2", "ready run-2", True),  # another worker of this run built it
    ],
)
def test_when_a_template_is_ready(mark, rebuild_mark, ready):
    assert db_template._is_ready(mark, rebuild_mark) is ready


@pytest.mark.django_db
def test_this_run_s_database_is_a_copy_of_the_current_template():
    base = connection.settings_dict["NAME"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    template = db_template.template_name(
        db_template._without_suffix(base, worker), db_template.migrations_key()
    )

    with connection.cursor() as cursor:
        assert db_template._comment(cursor, base) == template + " in use"
        assert db_template._comment(cursor, template).startswith("ready")
