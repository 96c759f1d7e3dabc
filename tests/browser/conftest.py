"""Playwright against Debian's Chromium, driving pytest-django's live server."""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def django_async_unsafe_allowed():
    """Playwright's sync API runs an asyncio event loop in the test thread and leaves it marked
    as running between calls, so Django raises SynchronousOnlyOperation for every ORM call in
    that thread (creating the test's user and products, flushing the database afterwards).
    Those calls really are synchronous, so DJANGO_ALLOW_ASYNC_UNSAFE allows them.

    Set only while the browser runs, not at import time: the variable would otherwise leak into
    the whole session and its subprocesses, where `manage.py check --deploy` reports async.E001
    (tests/site/test_settings.py)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def require_chromium() -> Path:
    """The `chromium` on PATH, else Debian's /usr/bin/chromium. A missing browser fails, never
    skips: `make test` installs Debian's chromium (Playwright cannot download its own browsers
    here)."""
    found = shutil.which("chromium")
    chromium = Path(found) if found else DEBIAN_CHROMIUM
    if not chromium.is_file():
        pytest.fail(
            f"No chromium on PATH and {DEBIAN_CHROMIUM} is missing: install Debian's chromium "
            "(`make browser`, as root) to run the browser tests.",
            pytrace=False,
        )
    return chromium


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all of tests/browser. Package scope (the session's browser
    tests) rather than session scope: Playwright's loop must be gone before the other
    packages' tests run their ORM calls without DJANGO_ALLOW_ASYNC_UNSAFE."""
    chromium = require_chromium()
    with django_async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh context (cookies, storage) per test, closed afterwards."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
