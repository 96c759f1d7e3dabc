"""Two gunicorn servers on two ports share one database (and Redis when REDIS_URL is set):
a shopper fills the cart on one and checks out on the other, as behind a load balancer."""

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from commerce.checkout.models import PaymentProvider
from commerce.orders.models import Order
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.checkout import ADDRESS_FORM
from tests.fixtures.orders import make_delivery_method, make_payment_method
from tests.site.test_gunicorn import free_port, start_gunicorn, wait_until_listening


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One shopper: a cookie jar shared by every server they reach (cookies ignore ports)."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def get(self, url: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf_token()})
        request = urllib.request.Request(url, data=body.encode(), method="POST")
        request.add_header("Referer", url)
        return self._open(request)

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            return error.code, error.read().decode(), error.headers.get("Location", "")


@pytest.fixture
def two_servers(db):
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            # One cache prefix for both, so they share sessions when REDIS_URL is set.
            process = start_gunicorn(port, TEST_CACHE_PREFIX=f"two-servers-{os.getpid()}")
            servers.append((port, process))
        for port, process in servers:
            wait_until_listening(port, process)
        yield [f"http://127.0.0.1:{port}" for port, _process in servers]
    finally:
        for _port, process in servers:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_cart_on_one_server_checkout_on_the_other(two_servers, home_page):
    first, second = two_servers
    boots = make_product(make_category("Shoes"), name="Ranger Boots", price="60.00")
    set_stock(boots, make_warehouse("main"), 3)
    parcel = make_delivery_method("Parcel", price="4.90")
    cash = make_payment_method("Cash", provider=PaymentProvider.CASH_ON_DELIVERY)
    shopper = Browser()

    status, _page, _location = shopper.get(first + boots.get_absolute_url())
    assert status == 200
    status, _body, location = shopper.post(
        first + "/cart/add/", {"product": boots.pk, "quantity": 2}
    )
    assert status == 302

    status, cart_page, _location = shopper.get(second + "/cart/")
    assert "Ranger Boots" in cart_page
    steps = [
        ("/checkout/address/", ADDRESS_FORM, "/checkout/delivery/"),
        ("/checkout/delivery/", {"delivery_method": parcel.pk}, "/checkout/payment/"),
        ("/checkout/payment/", {"payment_method": cash.pk}, "/checkout/review/"),
    ]
    for path, data, next_path in steps:
        status, _body, location = shopper.post(second + path, data)
        assert (status, location) == (302, next_path), path
    status, review, _location = shopper.get(second + "/checkout/review/")
    total = re.search(r'name="expected_total" value="([0-9.]+)"', review).group(1)
    status, _body, location = shopper.post(second + "/checkout/place/", {"expected_total": total})

    order = Order.objects.get()
    assert (status, location) == (302, f"/checkout/done/{order.access_token}/")
    assert (str(order.total), order.lines.get().quantity) == ("124.90", 2)
    assert boots.stock_records.get().quantity == 1
