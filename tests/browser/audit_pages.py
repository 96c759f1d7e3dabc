"""Every storefront page type, for the audits (axe-core and the Nu HTML Checker in
test_audits.py, screenshots and layout checks in test_screenshots.py): a small demo shop and a
walk that drives one browser page through them all, as a shopper would."""

import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.core.management import call_command

from commerce.catalog.models import ProductStatus
from commerce.lists.identity import Owner
from commerce.lists.services import share_list
from commerce.orders.models import OrderStatus
from commerce.orders.services import change_order_status, ship_order
from commerce.stock.models import StockRecord
from tests.fixtures.accounts import PASSWORD, make_order, make_shopper
from tests.fixtures.lists import detail_url, make_list, save, shared_url

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
SHOPPER = "audit@example.com"


@dataclass(frozen=True)
class AuditShop:
    category_url: str
    product_url: str
    search_word: str
    order_number: str
    list_url: str
    shared_list_url: str


@dataclass(frozen=True)
class Visit:
    """A page type the walk shows now; `primary` names (a regex) the button that must be the
    most prominent one on it, when the page is a step of buying."""

    name: str
    primary: str | None = None

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def build_audit_shop() -> AuditShop:
    """The demo shop, small (its homepage has a section of every kind, the slider included),
    plus a shopper with an order and a shared list."""
    call_command("seed_demo", products=12, image_size=64, verbosity=0)
    record = (
        StockRecord.objects.filter(
            quantity__gte=3, product__live=True, product__status=ProductStatus.ACTIVE
        )
        .select_related("product__category", "variant")
        .order_by("product_id")
        .first()
    )
    product = record.product  # sold in sizes in the demo: the link preselects one in stock
    shopper = make_shopper(SHOPPER)
    order = make_order(email=SHOPPER, user=shopper, lines=[(product.name, str(product.price), 2)])
    # Shipped, so its page shows the carrier and a long tracking number too.
    change_order_status(order=order, to=OrderStatus.PAID)
    ship_order(order=order, carrier="DHL Paket", tracking_number="JJD000390007654321098765")
    owner = Owner(user=shopper)
    favourites = make_list(owner, "Favourites")
    save(favourites, product, note="For the trip")
    shared = share_list(owner=owner, list_id=favourites.pk)
    return AuditShop(
        category_url=product.category.get_absolute_url(),
        product_url=f"{product.get_absolute_url()}?variant={quote(record.variant.sku)}",
        search_word=product.name.split()[-1].lower(),
        order_number=order.number,
        list_url=detail_url(favourites),
        shared_list_url=shared_url(shared.share_token),
    )


def open_audit_page(browser, base_url: str, viewport: str, media_root: Path):
    """A page in a fresh context at one of VIEWPORTS, with the demo's pictures."""
    context = serving_media(browser.new_context(viewport=VIEWPORTS[viewport]), base_url, media_root)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def serving_media(context, base_url: str, media_root: Path):
    """The live server serves no media files (DEBUG is off), so the browser context reads the
    pictures from MEDIA_ROOT itself."""

    def serve_media(route):
        path = media_root / route.request.url.split("/media/", 1)[1].split("?")[0]
        if path.is_file():
            route.fulfill(path=path, content_type=mimetypes.guess_type(path.name)[0])
        else:
            route.fulfill(status=404)

    context.route(base_url + "/media/**", serve_media)
    return context


class SentDocuments:
    """The HTML the server sent for the page's current document: what the Nu checker reads
    (the DOM after scripts ran is not what the server wrote)."""

    def __init__(self, page):
        self._last = None
        page.on("response", self._record)

    def _record(self, response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self._last = response

    def html(self) -> str:
        return self._last.text()


def walk(page, base_url: str, shop: AuditShop) -> Iterator[Visit]:
    """Drive `page` through every page type, yielding each while the page shows it."""
    yield from _browse(page, base_url, shop)
    yield from _buy(page, base_url, shop)
    yield from _account(page, base_url, shop)


def _open(page, url: str, *, status: int = 200):
    response = page.goto(url)
    assert response.status == status, f"{url} answered {response.status}, not {status}"
    return response


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def _visit_each(page, base: str, pages) -> Iterator[Visit]:
    """Open each (name, path[, status]) in turn."""
    for name, path, *status in pages:
        _open(page, base + path, status=status[0] if status else 200)
        yield Visit(name)


def _browse(page, base: str, shop: AuditShop) -> Iterator[Visit]:
    yield from _visit_each(page, base, [("home", "/"), ("category", shop.category_url)])
    if page.goto(base + "/products/").status == 200:  # the all-products listing, once it exists
        yield Visit("all products")
    yield from _visit_each(
        page,
        base,
        [
            ("search", f"/search/?q={shop.search_word}"),
            ("search without results", "/search/?q=qqxxzz"),
            ("product", shop.product_url),
            ("404", "/no-such-page/", 404),
            ("cart, empty", "/cart/"),
            ("log-in", "/account/login/"),
            ("sign-up", "/account/signup/"),
        ],
    )


def _buy(page, base: str, shop: AuditShop) -> Iterator[Visit]:
    _open(page, base + shop.product_url)
    _submit(page, page.locator("main").get_by_role("button", name=re.compile("Add to cart")))
    yield Visit("product, added to the cart")
    _open(page, base + "/cart/")
    yield Visit("cart", primary="Go to checkout")
    _open(page, base + "/checkout/address/")
    yield Visit("checkout address", primary="Continue to delivery")
    next_step = page.get_by_role("button", name=re.compile("^Continue to"))
    _submit(page, next_step)
    yield Visit("checkout address with errors", primary="Continue to delivery")
    for field, value in {
        "email": "guest@example.com",
        "name": "Guest Shopper",
        "address_line1": "5 Market Street",
        "postal_code": "1010",
        "city": "Vienna",
    }.items():
        page.locator(f"input[name={field}]").fill(value)
    page.locator("select[name=country]").select_option("AT")
    _submit(page, next_step)
    yield Visit("checkout delivery", primary="Continue to payment")
    page.locator("input[name=delivery_method]").first.check()
    _submit(page, next_step)
    yield Visit("checkout payment", primary="Continue to review")
    page.get_by_label("Bank transfer").check()
    _submit(page, next_step)
    yield Visit("checkout review", primary="Place order")
    _submit(page, page.get_by_role("button", name=re.compile("Place order")))
    assert "/checkout/done/" in page.url, page.url
    yield Visit("order confirmation")


def _account(page, base: str, shop: AuditShop) -> Iterator[Visit]:
    _open(page, base + "/account/login/")
    page.locator("input[name=email]").fill(SHOPPER)
    page.locator("input[name=password]").fill(PASSWORD)
    _submit(page, page.locator("main").get_by_role("button", name="Log in"))
    assert page.url == base + "/account/", page.url
    yield Visit("account")
    yield from _visit_each(
        page,
        base,
        [
            ("order history", "/account/orders/"),
            ("order detail", f"/account/orders/{shop.order_number}/"),
            ("lists", "/lists/"),
            ("list", shop.list_url),
            ("shared list", shop.shared_list_url),
        ],
    )
