"""Every status code the live schema documents for an operation is one a client can get: a
request for each (operation, status), made here. A new operation or a newly documented status
without a request in the table fails, as does a request in the table the schema no longer
documents."""

import pytest
from django.test import Client

from commerce.api.api import api as ninja_api
from commerce.api.models import Scope
from commerce.api.tokens import create_api_token
from commerce.orders.models import Order
from commerce.webhooks.models import WebhookHost
from commerce.webhooks.services import create_subscription
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
BODY_METHODS = {"POST", "PATCH"}


def documented(schema) -> set[tuple[str, str, str]]:
    return {
        (method.upper(), path.removeprefix(PREFIX), str(status))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        for status in operation["responses"]
    }


def _ok(method, path, body=None):
    return lambda world: world.call(method, world.fill(path), body)


def _missing(method, path, body=None):
    return lambda world: world.call(method, world.fill(path, known=False), body)


def _stock_conflict(world):
    update = {"sku": world.product.sku, "warehouse": "main", "quantity": 1, "expected": 999}
    return world.call("POST", "/stock", {"updates": [update]})


def _bad_cursor(path):
    return lambda world: world.call("GET", f"{path}?cursor=not-a-cursor")


def _transition(path, status):
    """`path` for an order in `status`."""
    return lambda world: world.call("POST", world.fill(path, order=world.order_in(status)), {})


NEW_PRODUCT = {"sku": "NEW-1", "name": "New", "category": "shoes", "price": "5.00"}
NEW_HOOK = {"name": "ERP", "url": "https://erp.example.com/in", "events": ["order.paid"]}

# What the generic requests below cannot reach: successes, 404s, 409s and 400s without a body.
SPECIFIC = {
    ("GET", "/products", "200"): _ok("GET", "/products"),
    ("GET", "/products", "400"): _bad_cursor("/products"),
    ("GET", "/categories", "200"): _ok("GET", "/categories"),
    ("GET", "/attributes", "200"): _ok("GET", "/attributes"),
    ("GET", "/warehouses", "200"): _ok("GET", "/warehouses"),
    ("POST", "/catalog", "200"): _ok("POST", "/catalog", {"products": [NEW_PRODUCT]}),
    ("POST", "/prices", "200"): lambda w: w.call(
        "POST", "/prices", {"prices": [{"sku": w.product.sku, "price": "1.00"}]}
    ),
    ("POST", "/stock", "200"): lambda w: w.call(
        "POST", "/stock", {"updates": [{"sku": w.product.sku, "warehouse": "main", "delta": 1}]}
    ),
    ("POST", "/stock", "409"): _stock_conflict,
    ("GET", "/orders", "200"): _ok("GET", "/orders"),
    ("GET", "/orders", "400"): _bad_cursor("/orders"),
    ("GET", "/orders/{number}", "200"): _ok("GET", "/orders/{number}"),
    ("GET", "/orders/{number}", "404"): _missing("GET", "/orders/{number}"),
    ("GET", "/webhooks", "200"): _ok("GET", "/webhooks"),
    ("POST", "/webhooks", "201"): _ok("POST", "/webhooks", NEW_HOOK),
    ("GET", "/webhooks/{subscription_id}", "200"): _ok("GET", "/webhooks/{subscription_id}"),
    ("GET", "/webhooks/{subscription_id}", "404"): _missing("GET", "/webhooks/{subscription_id}"),
    ("PATCH", "/webhooks/{subscription_id}", "200"): _ok(
        "PATCH", "/webhooks/{subscription_id}", {"is_active": False}
    ),
    ("PATCH", "/webhooks/{subscription_id}", "404"): _missing(
        "PATCH", "/webhooks/{subscription_id}", {"is_active": False}
    ),
    ("DELETE", "/webhooks/{subscription_id}", "204"): _ok("DELETE", "/webhooks/{subscription_id}"),
    ("DELETE", "/webhooks/{subscription_id}", "404"): _missing(
        "DELETE", "/webhooks/{subscription_id}"
    ),
}
# action: (a status it changes, a status it refuses with 409)
for action, (allowed, refused) in {
    "mark-paid": ("new", "paid"),
    "ship": ("paid", "new"),
    "deliver": ("shipped", "new"),
    "cancel": ("new", "delivered"),
}.items():
    path = f"/orders/{{number}}/{action}"
    SPECIFIC["POST", path, "200"] = _transition(path, allowed)
    SPECIFIC["POST", path, "409"] = _transition(path, refused)
    SPECIFIC["POST", path, "404"] = _missing("POST", path, {})


def generic(method: str, path: str, status: str):
    """The requests every operation answers the same way; None if `status` is not one."""
    if status == "401":
        return lambda world: world.call(method, world.fill(path), {}, token=None)
    if status == "403":
        return lambda world: world.call(method, world.fill(path), {}, token=world.no_scopes)
    if status == "422":  # an unknown query parameter
        return lambda world: world.call(method, world.fill(path) + "?bogus=1", {})
    if status == "429":
        return lambda world: world.over_the_limit(method, world.fill(path))
    if status == "400" and method in BODY_METHODS:  # not JSON
        return lambda world: world.call(method, world.fill(path), raw='{"unclosed": ')
    return None


def request_for(method: str, path: str, status: str):
    return SPECIFIC.get((method, path, status)) or generic(method, path, status)


class World:
    def __init__(self, client, settings, product, order, subscription):
        self.client, self.settings = client, settings
        self.product, self.order, self.subscription = product, order, subscription
        self.token = create_api_token(name="all", scopes=list(Scope))
        self.no_scopes = create_api_token(name="none", scopes=[])

    def fill(self, path: str, *, known: bool = True, order=None) -> str:
        number = (order or self.order).number if known else "NO-SUCH-1"
        subscription_id = self.subscription.pk if known else 2_000_000_000
        return path.replace("{number}", number).replace("{subscription_id}", str(subscription_id))

    def order_in(self, status: str):
        Order.objects.filter(pk=self.order.pk).update(status=status)
        return self.order

    def call(self, method, path, body=None, *, raw=None, token="default"):
        import json

        token = self.token if token == "default" else token
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if method in BODY_METHODS:
            kwargs["data"] = raw if raw is not None else json.dumps(body or {})
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(PREFIX + path, **kwargs)

    def over_the_limit(self, method, path):
        self.settings.API_RATE_LIMIT = 1
        self.call("GET", "/warehouses")
        return self.call(method, path, {})


@pytest.fixture
def world(settings, product, methods):
    settings.API_RATE_LIMIT = 0
    WebhookHost.objects.create(host="erp.example.com")
    subscription = create_subscription(
        name="ERP",
        url="https://erp.example.com/hooks",
        events=["order.paid"],
        entered_by_staff=True,
    )
    order = submit([(product, 1)], expected_total="94.80", **methods)
    return World(Client(), settings, product, order, subscription)


DOCUMENTED = sorted(documented(ninja_api.get_openapi_schema()))


def test_the_table_covers_the_live_schema_and_nothing_else(world):
    live = documented(world.call("GET", "/openapi.json").json())

    assert live == set(DOCUMENTED)
    missing = sorted(key for key in live if request_for(*key) is None)
    assert missing == [], f"Add a request to SPECIFIC for each of {missing}"
    assert set(SPECIFIC) - live == set(), "SPECIFIC has requests the schema does not document"


@pytest.mark.parametrize(("method", "path", "status"), DOCUMENTED)
def test_every_documented_status_is_reachable(world, method, path, status):
    make_request = request_for(method, path, status)
    assert make_request is not None, f"No request in the table gets {status} from {method} {path}"

    response = make_request(world)

    assert str(response.status_code) == status, response.content
    if status not in ("200", "201", "204"):
        assert set(response.json()) >= {"code", "message", "path"}
