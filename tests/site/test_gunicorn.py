"""The WSGI entry point loads under gunicorn as `storefront.wsgi` (the folder site/)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from storefront.database import database_url

PROJECT_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def url_of_test_database() -> str:
    """The suite's database URL (DATABASE_URL or the private server), naming the test database."""
    parts = urlsplit(database_url())
    return urlunsplit(parts._replace(path=f"/{connection.settings_dict['NAME']}"))


def wait_until_listening(port: int, process, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not listen on port {port}")


def start_gunicorn(port: int, **extra_env) -> subprocess.Popen:
    """One sync worker serving `storefront.wsgi` with the test settings on the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "storefront.settings.test",
        "DATABASE_URL": url_of_test_database(),
        **extra_env,
    }
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "storefront.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1"),
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_homepage_through_storefront_wsgi(home_page):
    port = free_port()
    server = start_gunicorn(port)
    try:
        wait_until_listening(port, server)
        response = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60)
        assert response.status == 200
        assert '<main id="main" class="container">' in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
