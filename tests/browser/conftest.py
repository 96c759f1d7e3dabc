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


# Every frame of every page reports its CSP violations (blocked or report-only) to Python.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.disposition} ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


class CspWatch:
    """Collects CSP violations from the contexts it watches: `securitypolicyviolation` events
    and console messages about the Content Security Policy."""

    def __init__(self):
        self.violations: list[str] = []

    def watch(self, context):
        context.expose_binding("__reportCspViolation", self._on_event)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._on_console)
        return context

    def _on_event(self, source, description):
        self.violations.append(f"{source['frame'].url}: {description}")

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(f"{message.page.url if message.page else '?'}: {message.text}")


class CspWatchingBrowser:
    """The shared browser, but every context it opens is watched for CSP violations."""

    def __init__(self, browser, watch: CspWatch):
        self._browser = browser
        self._watch = watch

    def new_context(self, **options):
        return self._watch.watch(self._browser.new_context(**options))

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="package")
def chromium_browser():
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
def csp_watch():
    """The CSP violations the test's pages met; the test fails at teardown if there are any."""
    watch = CspWatch()
    yield watch
    if watch.violations:
        pytest.fail(
            "Content Security Policy violations:\n" + "\n".join(watch.violations), pytrace=False
        )


@pytest.fixture
def browser(chromium_browser, csp_watch):
    """The shared Chromium; every context opened through it is watched for CSP violations."""
    return CspWatchingBrowser(chromium_browser, csp_watch)


@pytest.fixture
def page(browser):
    """A fresh context (cookies, storage) per test, closed afterwards."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
