import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commerce.orders.models import Order, OrderStatusChange
from tests.fixtures.accounts import make_shopper
from tests.fixtures.catalog import stock_by_warehouse
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(product, methods):
    return submit([(product, 2)], expected_total="179.80", **methods)


def test_an_order_carries_lines_allocations_customer_address_and_payment_state(api, order):
    response = api("get", f"/orders/{order.number}")

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == order.number
    assert (body["status"], body["payment_state"]) == ("new", "pending")
    assert body["customer"] == {
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "phone": "+43 1 234",
    }
    assert body["shipping_address"] == {
        "line1": "12 Harbour Road",
        "line2": "Flat 3",
        "postal_code": "1010",
        "city": "Vienna",
        "country": "AT",
    }
    assert (body["subtotal"], body["delivery_cost"], body["total"]) == ("179.80", "0.00", "179.80")
    assert body["lines"] == [
        {
            "sku": order.lines.get().sku,
            "name": "Trail Runner",
            "unit_price": "89.90",
            "quantity": 2,
            "line_total": "179.80",
            "allocations": [{"warehouse": "main", "quantity": 2}],
        }
    ]
    assert [(s["from_status"], s["to_status"]) for s in body["history"]] == [("", "new")]


def test_orders_are_filtered_by_status_and_updated_since(api, product, methods):
    first = submit([(product, 1)], expected_total="94.80", **methods)
    second = submit([(product, 1)], expected_total="94.80", **methods)
    Order.objects.filter(pk=first.pk).update(status="paid")
    since = timezone.now()
    Order.objects.filter(pk=second.pk).update(updated_at=since + timedelta(seconds=1))

    def numbers(query):
        return [item["number"] for item in api("get", f"/orders?{query}").json()["items"]]

    assert numbers("status=paid") == [first.number]
    assert numbers("status=new") == [second.number]
    assert numbers(f"updated_since={since.isoformat().replace('+00:00', 'Z')}") == [second.number]
    assert api("get", "/orders?status=lost").status_code == 422


def test_listing_orders_costs_fixed_queries(api, product, methods):
    def queries(count):
        for _ in range(count):
            submit([(product, 1)], expected_total="94.80", **methods)
        api("get", "/warehouses")
        with CaptureQueriesContext(connection) as captured:
            assert api("get", "/orders?limit=500").status_code == 200
        return len(captured)

    assert queries(2) == queries(8) == 6  # token, orders, lines, allocations, warehouses, history


def test_paid_shipped_delivered_each_recorded_with_the_tokens_name(api, order):
    assert api("post", f"/orders/{order.number}/mark-paid", {}).json()["payment_state"] == "paid"
    shipped = api(
        "post", f"/orders/{order.number}/ship", {"carrier": "DHL", "tracking_number": "JJD01"}
    )
    assert shipped.json()["status"] == "shipped"
    assert api("post", f"/orders/{order.number}/deliver", {}).json()["status"] == "delivered"

    history = list(
        OrderStatusChange.objects.filter(order=order).values_list("to_status", "actor_name", "note")
    )
    assert history == [
        ("new", "", "Placed"),
        ("paid", "API: ERP", "Marked paid"),
        ("shipped", "API: ERP", "DHL JJD01"),
        ("delivered", "API: ERP", "Delivered"),
    ]


def test_mark_paid_twice_answers_409_and_records_one_step(api, order):
    assert api("post", f"/orders/{order.number}/mark-paid", {}).status_code == 200

    again = api("post", f"/orders/{order.number}/mark-paid", {"note": "again"})

    assert again.status_code == 409
    assert again.json()["current_status"] == "paid"
    assert list(order.status_changes.values_list("to_status", "actor_name")) == [
        ("new", ""),
        ("paid", "API: ERP"),
    ]


def test_a_cancel_is_recorded_with_the_tokens_name(api, make_token, order):
    warehouse_token = make_token("orders:write", name="Warehouse")

    api("post", f"/orders/{order.number}/cancel", {"note": "No stock"}, token=warehouse_token)

    assert order.status_changes.last().actor_name == "API: Warehouse"
    assert order.status_changes.last().note == "No stock"


def test_cancelling_gives_the_units_back(api, order, product):
    assert stock_by_warehouse(product) == {"main": 10}

    response = api("post", f"/orders/{order.number}/cancel", {"note": "Customer called"})

    assert response.json()["status"] == "cancelled"
    assert stock_by_warehouse(product) == {"main": 12}


def test_a_transition_the_workflow_forbids_answers_409_and_changes_nothing(api, order):
    response = api("post", f"/orders/{order.number}/ship", {})

    assert response.status_code == 409
    assert response.json() == {
        "code": "invalid_status_transition",
        "message": "An order cannot go from new to shipped.",
        "path": f"/api/v1/orders/{order.number}/ship",
        "current_status": "new",
    }
    assert Order.objects.get().status == "new"
    assert OrderStatusChange.objects.count() == 1


def test_orders_need_their_scopes_and_unknown_numbers_answer_404(api, make_token, order):
    reader = make_token("orders:read")

    assert api("get", "/orders", token=make_token("catalog:read")).status_code == 403
    assert api("post", f"/orders/{order.number}/cancel", {}, token=reader).status_code == 403
    assert Order.objects.get().status == "new"
    missing = api("get", "/orders/NOPE-1")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert api("post", "/orders/NOPE-1/cancel", {}).status_code == 404
    assert api("post", f"/orders/{order.number}/cancel", {"reason": "x"}).status_code == 422


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("0560-08-12T18:03:43+20:44", 200),  # an offset PostgreSQL would refuse: read in UTC
        ("0001-01-01T00:00:00+05:00", 422),  # before year 1 in UTC
    ],
)
def test_updated_since_with_any_offset_python_reads_never_fails(api, order, since, status):
    from urllib.parse import quote

    response = api("get", f"/orders?updated_since={quote(since)}")

    assert response.status_code == status
    if status == 200:
        assert [item["number"] for item in response.json()["items"]] == [order.number]


def test_an_unknown_query_parameter_answers_422(api, order):
    response = api("get", "/orders?updated_sinse=2026-01-01T00:00:00Z")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "code": "unknown_parameter",
            "message": "No query parameter 'updated_sinse'.",
            "path": "$.updated_sinse",
        }
    ]


@pytest.mark.parametrize("since", ["0.72", "1796554800", "yesterday"])
def test_updated_since_takes_iso_8601_only(api, order, since):
    assert api("get", f"/orders?updated_since={since}").status_code == 422
    assert api("get", "/orders?updated_since=2026-01-01").status_code == 200


def _facts(html: str) -> dict[str, str]:
    """The order page's facts (`<dt>` → `<dd>` text)."""
    return {
        term: re.sub(r"<[^>]+>", "", value).strip()
        for term, value in re.findall(r"<dt>([^<]+)</dt><dd[^>]*>(.*?)</dd>", html, re.S)
    }


def test_the_customer_sees_the_carrier_and_tracking_number_the_api_shipped_with(
    api, product, methods
):
    ada = make_shopper("ada@example.com")
    order = submit([(product, 1)], expected_total="94.80", user=ada, **methods)
    shopper = Client()
    shopper.force_login(ada)
    page = f"/account/orders/{order.number}/"
    guest_page = f"/orders/{order.access_token}/"
    assert "Tracking number" not in _facts(shopper.get(page).text)
    assert api("post", f"/orders/{order.number}/mark-paid", {}).status_code == 200

    response = api(
        "post",
        f"/orders/{order.number}/ship",
        {"carrier": " DHL Paket ", "tracking_number": "JJD0099 "},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["carrier"], body["tracking_number"]) == (
        "shipped",
        "DHL Paket",
        "JJD0099",
    )
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == (
        "shipped",
        "DHL Paket",
        "JJD0099",
    )
    read = api("get", f"/orders/{order.number}").json()
    assert (read["carrier"], read["tracking_number"]) == ("DHL Paket", "JJD0099")
    for facts in (_facts(shopper.get(page).text), _facts(Client().get(guest_page).text)):
        assert facts["Status"] == "Shipped"
        assert (facts["Carrier"], facts["Tracking number"]) == ("DHL Paket", "JJD0099")


def test_an_order_not_yet_shipped_has_no_carrier_or_tracking_number(api, order):
    body = api("get", f"/orders/{order.number}").json()

    assert (body["carrier"], body["tracking_number"]) == ("", "")


def test_shipping_a_new_order_answers_409_and_keeps_no_tracking_number(api, order):
    response = api(
        "post", f"/orders/{order.number}/ship", {"carrier": "DHL", "tracking_number": "JJD01"}
    )

    assert response.status_code == 409
    assert response.json()["current_status"] == "new"
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == ("new", "", "")


@pytest.mark.parametrize(
    "body",
    [
        {"carrier": "x" * 101},
        {"tracking_number": "x" * 101},
        {"tracking_number": "JJD\n01"},
        {"tracking_number": 12345},
    ],
)
def test_a_carrier_or_tracking_number_the_order_cannot_keep_answers_422(api, order, body):
    api("post", f"/orders/{order.number}/mark-paid", {})

    response = api("post", f"/orders/{order.number}/ship", body)

    assert response.status_code == 422
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == ("paid", "", "")


def test_a_note_sent_with_the_shipment_goes_into_the_history(api, order):
    api("post", f"/orders/{order.number}/mark-paid", {})

    api(
        "post",
        f"/orders/{order.number}/ship",
        {"carrier": "Post", "tracking_number": "RR1AT", "note": "Two parcels"},
    )

    assert order.status_changes.last().note == "Two parcels"
    order.refresh_from_db()
    assert (order.carrier, order.tracking_number) == ("Post", "RR1AT")
