"""Redis is a cache, not a single point of failure: while it is down or hung the shop serves
every page and takes orders, quickly, and nobody loses their login or cart; when it is back
(empty, or with its old data) caching resumes by itself.

Each test starts its own `redis-server` (Debian's) on a free loopback port, whatever REDIS_URL
the suite runs with."""

import logging
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from commerce.checkout.models import PaymentProvider
from commerce.orders.models import Order
from storefront.cache_backends import DegradingRedisCache, forget_outages
from tests.fixtures.accounts import PASSWORD, make_shopper
from tests.fixtures.catalog import make_category, make_product, make_warehouse, set_stock
from tests.fixtures.checkout import ADDRESS_FORM
from tests.fixtures.orders import make_delivery_method, make_payment_method
from tests.site.test_gunicorn import free_port, start_gunicorn, wait_until_listening
from tests.site.test_two_app_servers import Browser

RETRY_SECONDS = 1  # how long the app skips Redis after a failure (REDIS_RETRY_SECONDS)
# Generous: a page on a busy test machine, not a benchmark. What it catches is the socket
# timeout (0.5 s) paid once per cache call: a page makes about ten.
MAX_PAGE_SECONDS = 2.0

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs redis-server (apt-get install redis-server)"
)


class RedisServer:
    """A throw-away redis-server on one port: stop it, start it again empty, or freeze it
    (SIGSTOP: it accepts connections and never answers, like an overloaded or partitioned
    server)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_until_listening(self.port, self.process)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGCONT)  # a frozen server cannot stop
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    forget_outages()
    try:
        yield server
    finally:
        server.stop()
        forget_outages()


def make_cache(server: RedisServer) -> DegradingRedisCache:
    options = {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5}
    return DegradingRedisCache(
        server.url,
        {"KEY_PREFIX": "shop", "OPTIONS": {**options, "RETRY_AFTER_SECONDS": RETRY_SECONDS}},
    )


def test_a_stopped_redis_answers_like_no_cache_and_logs_one_line(redis_server, caplog):
    cache = make_cache(redis_server)
    assert cache.set("menu", "cached menu") is True
    redis_server.stop()

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="storefront.cache_backends"):
        answers = [
            cache.get("menu", "not cached"),
            cache.get_many(["menu"]),
            "menu" in cache,
            cache.set("menu", "new menu"),
            cache.add("reset:client", 0),
            cache.delete("menu"),
        ]
        with pytest.raises(ValueError):  # what a cache without the counter answers
            cache.incr("reset:client")
    elapsed = time.monotonic() - started

    assert answers == ["not cached", {}, False, False, True, False]
    assert elapsed < 0.5
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "serving without the cache" in caplog.records[0].getMessage()


def test_a_hung_redis_costs_one_timeout_per_pause_not_one_per_call(redis_server):
    cache = make_cache(redis_server)
    cache.set("menu", "cached menu")
    redis_server.freeze()

    started = time.monotonic()
    answers = [cache.get("menu", "not cached") for _ in range(20)]
    elapsed = time.monotonic() - started

    assert answers == ["not cached"] * 20
    assert 0.5 <= elapsed < 1.0  # one read timeout, then Redis is skipped


def test_writes_made_while_redis_hung_do_not_come_back_stale(redis_server, caplog):
    """Redis comes back with its old data (a pause, a partition): what was written meanwhile
    reached only the database, so Redis' older copy must not be served."""
    cache = make_cache(redis_server)
    cache.set("session:abc", {"user": "ada"})
    cache.set("untouched", "still valid")
    redis_server.freeze()
    assert cache.get("session:abc") is None  # times out: Redis is skipped from now on
    assert cache.set("session:abc", {}) is False  # log-out: saved to the database only
    redis_server.thaw()

    assert cache.get("session:abc") is None  # still skipping Redis: no stale read either
    time.sleep(RETRY_SECONDS + 0.1)
    with caplog.at_level(logging.WARNING, logger="storefront.cache_backends"):
        assert cache.get("session:abc") is None  # the old copy was deleted, not served

    assert cache.get("untouched") == "still valid"
    assert cache.set("session:abc", {"user": "grace"}) is True
    assert cache.get("session:abc") == {"user": "grace"}
    assert "answers again: caching resumes" in caplog.records[-1].getMessage()


# The whole shop against a Redis that hangs, stops and comes back empty.


class Shopper(Browser):
    """A Browser that fails the test on any answer slower than MAX_PAGE_SECONDS."""

    def _open(self, request):
        started = time.monotonic()
        answer = super()._open(request)
        elapsed = time.monotonic() - started
        assert elapsed < MAX_PAGE_SECONDS, f"{request.full_url} took {elapsed:.2f} s"
        return answer

    def page(self, url: str) -> str:
        status, body, location = self.get(url)
        assert status == 200, (url, status, location, body[-2000:])
        return body

    def post_ok(self, url: str, data: dict) -> str:
        status, body, location = self.post(url, data)
        assert status == 302, (url, status, body[-2000:])
        return location


def page_cache_header(url: str) -> str:
    """X-Page-Cache for a visitor without cookies: "hit" when served from the page cache."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers.get("X-Page-Cache", "")


def health(base: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def eventually(check, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(0.2)


@pytest.fixture
def shop(db, redis_server):
    port = free_port()
    server = start_gunicorn(
        port,
        DJANGO_SETTINGS_MODULE="tests.site.redis_outage_settings",
        REDIS_URL=redis_server.url,
        REDIS_RETRY_SECONDS=str(RETRY_SECONDS),
        TEST_CACHE_PREFIX=f"redis-outage-{os.getpid()}",
    )
    try:
        wait_until_listening(port, server)
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_the_shop_sells_through_a_redis_outage(shop, redis_server, home_page):
    base, app_server = shop
    shoes = make_category("Shoes")
    boots = make_product(shoes, name="Ranger Boots", price="60.00")
    set_stock(boots, make_warehouse("main"), 5)
    parcel = make_delivery_method("Parcel", price="4.90")
    cash = make_payment_method("Cash", provider=PaymentProvider.CASH_ON_DELIVERY)
    make_shopper("ada@example.com")
    storefront = ["/", shoes.get_absolute_url(), boots.get_absolute_url(), "/search/?q=boots"]

    # Redis up: pages are cached, a shopper logs in, two guests fill their carts.
    assert health(base) == (200, '{"database": "ok", "cache": "ok"}')
    for _visit in range(2):  # the first visit also creates the site's settings: a change
        [page_cache_header(base + path) for path in storefront]
    assert [page_cache_header(base + path) for path in storefront] == ["hit"] * 4
    ada, guest, second_guest = Shopper(), Shopper(), Shopper()
    ada.page(base + "/account/login/")
    assert ada.post_ok(base + "/account/login/", {"email": "ada@example.com", "password": PASSWORD})
    for shopper in (guest, second_guest):
        shopper.page(base + boots.get_absolute_url())
        shopper.post_ok(base + "/cart/add/", {"product": boots.pk, "quantity": 1})

    def still_served(shopper, paths=(*storefront, "/cart/")):
        for path in paths:
            shopper.page(base + path)

    def logged_in(shopper) -> bool:
        return "ada@example.com" in shopper.page(base + "/account/")

    def cart_holds_boots(shopper) -> bool:
        return "Ranger Boots" in shopper.page(base + "/cart/")

    # Redis hangs: every answer still comes, quickly.
    redis_server.freeze()
    still_served(ada)
    assert logged_in(ada)
    assert cart_holds_boots(guest)
    Shopper().page(base + "/account/login/")
    redis_server.thaw()

    # Redis stops: the storefront, the login and a whole checkout still work.
    redis_server.stop()
    assert health(base) == (200, '{"database": "ok", "cache": "failing"}')
    still_served(ada)
    assert logged_in(ada)
    assert cart_holds_boots(guest) and cart_holds_boots(second_guest)
    newcomer = Shopper()
    newcomer.page(base + "/account/login/")
    assert (
        newcomer.post_ok(base + "/account/password/reset/", {"email": "ada@example.com"})
        == "/account/password/reset/sent/"
    )
    steps = [
        ("/checkout/address/", ADDRESS_FORM, "/checkout/delivery/"),
        ("/checkout/delivery/", {"delivery_method": parcel.pk}, "/checkout/payment/"),
        ("/checkout/payment/", {"payment_method": cash.pk}, "/checkout/review/"),
    ]
    for path, data, next_path in steps:
        guest.page(base + path)
        assert guest.post_ok(base + path, data) == next_path
    review = guest.page(base + "/checkout/review/")
    total = re.search(r'name="expected_total" value="([0-9.]+)"', review).group(1)
    done = guest.post_ok(base + "/checkout/place/", {"expected_total": total})
    order = Order.objects.get()
    assert done == f"/checkout/done/{order.access_token}/"
    assert "Ranger Boots" in guest.page(base + done)
    assert (str(order.total), boots.stock_records.get().quantity) == ("64.90", 4)

    # Redis starts again, empty: caching resumes by itself, nobody lost their login or cart.
    redis_server.start()
    eventually(lambda: health(base) == (200, '{"database": "ok", "cache": "ok"}'))
    eventually(lambda: page_cache_header(base + boots.get_absolute_url()) == "hit")
    assert logged_in(ada)
    assert cart_holds_boots(second_guest)
    still_served(second_guest)

    app_server.terminate()
    log = app_server.communicate(timeout=10)[1]
    assert "serving without the cache" in log
    assert "answers again: caching resumes" in log
    assert "Traceback" not in log


def test_nothing_is_kept_per_catalog_generation_while_redis_is_down(redis_server, monkeypatch):
    """With no shared token, a change made in another process could not reach this one: while
    Redis is down every listing and product page is built afresh."""
    from commerce.catalog import generation

    monkeypatch.setattr(generation, "cache", make_cache(redis_server))
    store = generation.GenerationCache("outage test", max_entries=10)
    assert store.get_or_build("price", lambda: "49.90") == "49.90"
    assert store.get_or_build("price", lambda: "59.90") == "49.90"  # kept while Redis answers
    redis_server.stop()

    assert store.get_or_build("price", lambda: "69.90") == "69.90"
    assert store.get_or_build("price", lambda: "79.90") == "79.90"
