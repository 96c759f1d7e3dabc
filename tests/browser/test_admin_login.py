import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

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
    shoes, main = make_category("Shoes"), make_warehouse("main")
    products = [
        make_product(shoes, name=name, price=price)
        for name, price in (("Trail Runner", "89.90"), ("Road Racer", "119.00"), ("Hiker", "75"))
    ]
    for quantity, product in enumerate(products, start=4):
        set_stock(product, main, quantity)

    log_in(page, live_server.url, "admin", PASSWORD)
    assert "/admin/login/" not in page.url, "login failed: still on the login page"

    page.goto(live_server.url + reverse(Product.snippet_viewset.get_url_name("list")))
    # The page's h1 is for screen readers (Wagtail's slim header); the breadcrumb's current
    # item is the title a user sees.
    expect(page.get_by_role("heading", level=1, name="Products")).to_have_count(1)
    expect(page.locator("nav[aria-label=Breadcrumb] li").last).to_have_text("Products")
    expect(page.locator("nav[aria-label=Breadcrumb] li").last).to_be_visible()
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(len(products))
    for product in products:
        row = rows.filter(has_text=product.sku)
        expect(row).to_have_count(1)
        expect(row).to_be_visible()
        expect(row).to_contain_text(product.name)

    # An artifact to look at when the test fails, not a check.
    page.screenshot(path=str(tmp_path / "products.png"), full_page=True)
