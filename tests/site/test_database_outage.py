"""PostgreSQL restarts or drops its connections: the app server carries on without a restart,
and a request caught in the middle gets a clean 503 page instead of a traceback.

Served by gunicorn with production's persistent, health-checked connections, on the suite's
test database (the machine's PostgreSQL or the private one: both let the suite's own role end
the app server's connections)."""

import itertools
import threading
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection

from commerce.catalog.models import Product
from tests.site.test_gunicorn import (
    free_port,
    start_gunicorn,
    url_of_test_database,
    wait_until_listening,
)
from tests.site.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app_server(db, home_page):
    port = free_port()
    process = start_gunicorn(
        port, DJANGO_SETTINGS_MODULE="tests.site.persistent_connections_settings"
    )
    try:
        wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def other_connections(where: str = "TRUE") -> list[int]:
    """The backends of the test database other than this test's own (the app server's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            f" AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND {where}"
        )
        return sorted(pid for (pid,) in cursor.fetchall())


def drop_connections(pids: list[int]) -> None:
    """What a PostgreSQL restart or fail-over does to the app server: its connections end."""
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])


def test_production_keeps_connections_open_and_checks_them_before_use():
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection as c;"
        " print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])",
        env_overrides=PRODUCTION_ENV,
    )

    assert result.stdout.strip().splitlines()[-1] == "60 True"


def unkept(url: str) -> str:
    """The URL with a query string no request asked for yet: the product page's contents are
    kept per catalog generation, and these tests need requests that read the product."""
    return f"{url}?variant=unkept-{next(_unkept)}"


_unkept = itertools.count()


def test_the_app_server_reconnects_after_its_connections_are_dropped(app_server, product):
    url = app_server + product.get_absolute_url()
    assert fetch(unkept(url))[0] == 200
    kept = other_connections()
    assert len(kept) == 1  # the worker keeps its connection between requests

    drop_connections(kept)

    assert [fetch(unkept(url))[0] for _ in range(3)] == [200, 200, 200]
    assert len(other_connections()) == 1
    assert other_connections() != kept


def test_a_request_whose_database_goes_away_gets_a_clean_503(app_server, product):
    url = app_server + product.get_absolute_url()
    assert fetch(unkept(url))[0] == 200
    answers = []
    with psycopg.connect(url_of_test_database()) as blocker:
        # The request stops at its first product query, waiting for this lock...
        blocker.execute(f'LOCK TABLE "{Product._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        waits = unkept(url)
        request = threading.Thread(target=lambda: answers.append(fetch(waits)))
        request.start()
        waiting = []
        deadline = time.monotonic() + 30
        while not waiting and time.monotonic() < deadline:
            time.sleep(0.1)
            waiting = other_connections("wait_event_type = 'Lock'")
        # ...and loses its database there.
        drop_connections(waiting)
        request.join(timeout=60)
        blocker.rollback()

    [(status, headers, page)] = answers
    assert (len(waiting), status, headers["Retry-After"]) == (1, 503, "30")
    assert "<h1>Back in a moment</h1>" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert fetch(unkept(url))[0] == 200  # the next request finds the database again
