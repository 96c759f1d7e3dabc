"""Test databases copied from one migrated template instead of migrated one by one.

Migrating an empty database (250-odd migrations, most of them Wagtail's) is the slowest part
of a run's set-up, and with pytest-xdist every worker used to do it for its own database. Here
the first process to arrive migrates a template database, named after a hash of every
migration file, and each process (an xdist worker, or the only one) then creates its test
database with `CREATE DATABASE ... TEMPLATE`, a file copy inside PostgreSQL.

The template outlives the run, so a later run with the same migrations migrates nothing. A
changed migration file gives a new name: that template is built and the older ones dropped.
A PostgreSQL advisory lock (held by a connection to the server's maintenance database, so a
killed process releases it) lets one process at a time build, drop or clone; a template gets
its "ready" comment only after its migrations ran, so one left half-built is built again.

Flags keep their pytest-django meaning: `--reuse-db` keeps each test database after the run
and uses it again if it was copied from the current template and its last run finished;
`--create-db` builds the template again (once per run, not once per worker) and copies it.
"""

import hashlib
import importlib
import uuid
from pathlib import Path

import pytest

TEMPLATE_INFIX = "_tpl_"
READY = "ready"
IN_USE = " in use"
MAX_NAME_LENGTH = 63  # PostgreSQL truncates longer identifiers


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture of the same name, with the test database copied from a template."""
    from django.db import connections

    if not django_db_use_migrations:
        from pytest_django.fixtures import _disable_migrations

        _disable_migrations()
    worker = getattr(request.config, "workerinput", {})
    run_id = worker.get("testrunuid") or uuid.uuid4().hex
    serialize = any(_wants_serialized_rollback(item) for item in request.session.items)
    verbosity = request.config.option.verbose
    created = []
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=False):
            base_name = _without_suffix(
                connection.creation._get_test_db_name(), worker.get("workerid")
            )
            key = migrations_key() if django_db_use_migrations else f"nomigrations {run_id}"
            old_name = connection.settings_dict["NAME"]
            create_from_template(
                connection,
                template=template_name(base_name, key),
                rebuild_mark=f"{READY} {run_id}" if django_db_createdb else None,
                keep=django_db_keepdb and not django_db_createdb,
                verbosity=verbosity,
            )
            if serialize:
                contents = connection.creation.serialize_db_to_string()
                connection._test_serialized_contents = contents
            created.append((connection, old_name))
    yield
    with django_db_blocker.unblock():
        for connection, old_name in created:
            if django_db_keepdb:
                mark_reusable(connection)
            else:
                connection.creation.destroy_test_db(old_name, verbosity, keepdb=False)


def create_from_template(connection, *, template, rebuild_mark, keep, verbosity):
    """Point `connection` at its test database, copied from `template` (built if needed).

    rebuild_mark: the comment a template built during this run carries, when the run asked
    for a new one (--create-db); keep: use an existing test database copied from this template.
    """
    creation = connection.creation
    test_name = creation._get_test_db_name()
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_lock_key(template)])
        if keep and _comment(cursor, test_name) == template:
            if verbosity >= 1:
                creation.log(f"Using existing test database {test_name}")
        else:
            if not _is_ready(_comment(cursor, template), rebuild_mark):
                _build_template(connection, cursor, template, rebuild_mark, verbosity)
            if verbosity >= 1:
                creation.log(f"Copying test database {test_name} from {template}")
            _drop(cursor, test_name)
            cursor.execute(f"CREATE DATABASE {_quoted(test_name)} TEMPLATE {_quoted(template)}")
        # Marked clean again at the end of a run that keeps it: one killed half-way, perhaps
        # with rows a transactional test committed, is not reused.
        _set_comment(cursor, test_name, template + IN_USE)
    _use_database(connection, test_name)


def mark_reusable(connection) -> None:
    """After a whole run, the test database is as clean as its template: --reuse-db may use it."""
    with connection.creation._nodb_cursor() as cursor:
        name = connection.settings_dict["NAME"]
        comment = _comment(cursor, name)
        if comment and comment.endswith(IN_USE):
            _set_comment(cursor, name, comment.removesuffix(IN_USE))


def _build_template(connection, cursor, template, rebuild_mark, verbosity):
    from django.core.management import call_command

    if verbosity >= 1:
        connection.creation.log(f"Migrating the template test database {template}")
    for name in _databases_starting_with(cursor, _template_prefix(template)):
        _drop(cursor, name)
    cursor.execute(f"CREATE DATABASE {_quoted(template)}")
    original_name = connection.settings_dict["NAME"]
    _use_database(connection, template)
    try:
        call_command(
            "migrate",
            verbosity=max(verbosity - 1, 0),
            interactive=False,
            database=connection.alias,
            run_syncdb=True,
        )
        call_command("createcachetable", database=connection.alias)
    finally:
        # CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template.
        _use_database(connection, original_name)
    _set_comment(cursor, template, rebuild_mark or READY)


def migrations_key() -> str:
    """What a migrated database depends on: every app's migration files, the cache tables."""
    from django.apps import apps
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    folders = []
    for app_config in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app_config.label)
        try:
            package = importlib.import_module(module_name) if module_name else None
        except ModuleNotFoundError:
            package = None
        folders.extend(Path(path) for path in getattr(package, "__path__", ()))
    cache_tables = sorted(
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if cache["BACKEND"].endswith("DatabaseCache")
    )
    return files_digest(folders) + " " + ",".join(cache_tables)


def files_digest(folders) -> str:
    """A hash of the names and contents of the .py files under `folders`."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            digest.update(str(path.relative_to(folder.parent.parent)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def template_name(base_name: str, key: str) -> str:
    """`<test database name>_tpl_<10 hex digits of key>`, within PostgreSQL's 63 characters."""
    suffix = TEMPLATE_INFIX + hashlib.sha256(key.encode()).hexdigest()[:10]
    return base_name[: MAX_NAME_LENGTH - len(suffix)] + suffix


def _is_ready(mark: str | None, rebuild_mark: str | None) -> bool:
    """A template is usable once its migrations ran; with --create-db, once this run built it."""
    if rebuild_mark:
        return mark == rebuild_mark
    return mark is not None and mark.startswith(READY)


def _template_prefix(template: str) -> str:
    return template[: template.rindex(TEMPLATE_INFIX) + len(TEMPLATE_INFIX)]


def _without_suffix(name: str, worker_id: str | None) -> str:
    """test_shop_gw1 -> test_shop: the workers of one run share a template."""
    suffix = f"_{worker_id}"
    return name.removesuffix(suffix) if worker_id else name


def _wants_serialized_rollback(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback"))


def _lock_key(template: str) -> int:
    """One signed 64-bit advisory lock key per family of templates (same test database)."""
    prefix = _template_prefix(template).encode()
    return int.from_bytes(hashlib.sha256(prefix).digest()[:8], "big", signed=True)


def _use_database(connection, name: str) -> None:
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _comment(cursor, database: str) -> str | None:
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [database],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def _set_comment(cursor, database: str, comment: str) -> None:
    cursor.execute(f"COMMENT ON DATABASE {_quoted(database)} IS %s", [comment])


def _databases_starting_with(cursor, prefix: str) -> list[str]:
    cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
    return [name for (name,) in cursor.fetchall()]


def _drop(cursor, database: str) -> None:
    cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(database)}")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
