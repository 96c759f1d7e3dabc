"""Content-Security-Policy in the browser: Wagtail's admin keeps working under its own policy,
and the browser fixtures really catch a violation (conftest's CSP watch)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_admin_login import log_in
from tests.fixtures.images import make_image
from tests.home import builders as b

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "csp-editor-password"


def test_page_editor_and_live_preview_run_without_a_csp_violation(
    live_server, page, csp_watch, home_page, root_collection, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    b.publish_body(home_page, [b.hero("Spring sale", image=make_image("hero"))])

    log_in(page, live_server.url, "editor", PASSWORD)
    assert "/admin/login/" not in page.url, "login failed: still on the login page"
    response = page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[home_page.pk]))
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy

    # Scripts work: the editor's fields, tabs and the preview panel all come from JavaScript.
    page.get_by_role("tab", name="Promote").click()
    expect(page.locator("input[name='slug']")).to_be_visible()
    page.get_by_role("tab", name="Content").click()
    page.locator("input[name='body-0-value-heading']").fill("Summer sale")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.locator(".hero__heading")).to_have_text("Summer sale", timeout=20_000)
    # The storefront's stylesheets apply inside the preview (home.css makes the hero a grid).
    expect(preview.locator(".hero")).to_have_css("display", "grid")

    assert csp_watch.violations == []


BLOCKED_PAGE = "<!doctype html><p>x</p><script>document.title = 'ran'</script>"


@pytest.mark.parametrize(
    "header", ["Content-Security-Policy", "Content-Security-Policy-Report-Only"]
)
def test_the_browser_fixtures_see_a_violation(page, csp_watch, header):
    page.route(
        "http://csp.invalid/",
        lambda route: route.fulfill(
            body=BLOCKED_PAGE, content_type="text/html", headers={header: "script-src 'self'"}
        ),
    )
    page.goto("http://csp.invalid/")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(200)  # let the event and console message reach Python

    seen = list(csp_watch.violations)
    csp_watch.violations.clear()  # expected here: keep the teardown check from failing the test
    assert any("script-src" in line and "inline" in line for line in seen), seen
    assert any("Content Security Policy" in line for line in seen), seen
    assert page.title() == ("ran" if header.endswith("Report-Only") else "")
