import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from commerce.catalog.models import Product
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    form = page.locator("form.login-form")
    assert form.is_visible(), "the Wagtail admin login form did not render"
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_admin_login_then_product_list(live_server, page, tmp_path):
    get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    product = make_product(make_category("Shoes"), name="Trail Runner", price="89.90")
    set_stock(product, make_warehouse("main"), 12)

    log_in(page, live_server.url, "admin", PASSWORD)
    assert "/admin/login/" not in page.url, "login failed: still on the login page"

    page.goto(live_server.url + reverse(Product.snippet_viewset.get_url_name("list")))
    row = page.locator("table.listing tbody tr", has_text=product.sku)
    assert row.count() == 1
    assert product.name in row.inner_text()

    screenshot = tmp_path / "products.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
