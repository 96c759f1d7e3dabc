"""Shoppers and staff see which variant was ordered: the confirmation e-mail, the order's
inspect view in the admin, the orders CSV export and the low-stock alert."""

import csv
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.catalog.models import ProductVariant
from commerce.orders import tasks
from tests.commerce.orders.test_order_admin import order_admin_url
from tests.commerce.orders.test_tasks import queue, queued  # noqa: F401 (fixtures)
from tests.fixtures.catalog import (
    make_attribute,
    make_product,
    make_tee,
    make_variants,
    set_stock,
)
from tests.fixtures.orders import submit

pytestmark = pytest.mark.django_db

EXPORT_URL = "/admin/snippets/orders/order/"


@pytest.fixture
def tee(category, warehouse):
    size = make_attribute("Size", ["S", "M", "L"])
    product = make_product(category, name="Tee", sku="TEE", price="20.00")
    variants = make_variants(product, [size], ["S", "M", "L"], prices={("L",): "24.00"})
    for variant in variants.values():
        set_stock(variant, warehouse, 8)
    return variants


@pytest.fixture
def tee_in_colours(category, warehouse):
    """make_tee's tee: M Navy 20.00 (3 units), L Navy 24.00 (5), M Red (sold out)."""
    size = make_attribute("Size", ["S", "M", "L"], position=1)
    colour = make_attribute("Colour", ["Navy", "Red"], position=2)
    tee = make_tee(category, warehouse, size, colour)
    return {variant.sku: variant for variant in ProductVariant.objects.filter(product=tee)}


def _export(client) -> list[list[str]]:
    response = client.get(EXPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_the_orders_export_lists_each_line_with_its_variant(admin_client, tee, methods):
    order = submit(
        [(tee["TEE-M"], 2), (tee["TEE-L"], 1)], expected_total="68.90", **methods
    )  # 2 × 20.00 + 24.00 + 4.90 delivery

    header, row = _export(admin_client)

    assert header[-1] == "Items"
    assert row[0] == order.number
    assert row[-1] == "2 × Tee (Size: M) [TEE-M]; 1 × Tee (Size: L) [TEE-L]"


def test_the_orders_export_adds_no_query_per_order(admin_client, tee, methods):
    def queries() -> int:
        admin_client.get(EXPORT_URL, {"export": "csv"})
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(EXPORT_URL, {"export": "csv"})
            b"".join(response.streaming_content)
        return len(captured)

    submit([(tee["TEE-S"], 1)], expected_total="24.90", **methods)
    small = queries()
    for _ in range(6):
        submit([(tee["TEE-S"], 1), (tee["TEE-M"], 1)], expected_total="44.90", **methods)
    assert queries() == small


def test_the_low_stock_alert_names_the_variant(
    tee,
    methods,
    settings,
    queue,  # noqa: F811 (the fixture)
    django_capture_on_commit_callbacks,
):
    settings.SHOP_STOCK_ALERT_EMAILS = ["stock@example.com"]
    settings.SHOP_LOW_STOCK_THRESHOLD = 5

    with django_capture_on_commit_callbacks(execute=True):
        order = submit([(tee["TEE-M"], 4)], expected_total="84.90", **methods)

    alert = queued(queue)[1]
    assert alert == (
        "send_low_stock_alert",
        {"order_number": order.number, "low": [["Tee (Size: M)", "TEE-M", 4]]},
    )
    tasks.send_low_stock_alert.call(**alert[1])
    [mail_sent] = mail.outbox
    assert "- Tee (Size: M) (TEE-M): 4 left" in mail_sent.body


def test_the_confirmation_email_names_each_lines_size_colour_and_sku(
    tee_in_colours, methods, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = submit(
            [(tee_in_colours["TEE-L-NAVY"], 1), (tee_in_colours["TEE-M-NAVY"], 2)],
            expected_total="68.90",  # 24.00 + 2 × 20.00 + 4.90 delivery
            **methods,
        )

    [message] = mail.outbox
    assert message.subject == f"Your order {order.number} at Storefront"
    lines = message.body.split("at Storefront.\n\n", 1)[1].split("\n\nSubtotal", 1)[0]
    assert lines.splitlines() == [
        "1 × Tee, Size: L, Colour: Navy (TEE-L-NAVY) at €24.00: €24.00",
        "2 × Tee, Size: M, Colour: Navy (TEE-M-NAVY) at €20.00: €40.00",
    ]
    assert "Total: €68.90" in message.body


def _inspected_lines(html: str) -> list[tuple[str, str]]:
    """(product cell, SKU cell) of each row of the inspect view's lines table."""
    rows = re.findall(r'<tr data-order-line="[^"]*">\s*<td>(.*?)</td>\s*<td>(.*?)</td>', html, re.S)
    return [(product.strip(), sku.strip()) for product, sku in rows]


def test_the_order_inspect_view_shows_each_lines_variant(
    admin_client, tee_in_colours, product, methods
):
    order = submit(
        [(tee_in_colours["TEE-M-NAVY"], 1), (product, 1), (tee_in_colours["TEE-L-NAVY"], 2)],
        expected_total="157.90",  # 20.00 + 89.90 + 2 × 24.00, delivery free above 100.00
        **methods,
    )

    response = admin_client.get(order_admin_url("inspect", order.pk))

    assert response.status_code == 200
    assert _inspected_lines(response.text) == [
        ("Tee (Size: M, Colour: Navy)", "TEE-M-NAVY"),
        ("Trail Runner", product.sku),
        ("Tee (Size: L, Colour: Navy)", "TEE-L-NAVY"),
    ]
