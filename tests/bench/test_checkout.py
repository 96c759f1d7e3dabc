"""Smoke test: bench/checkout.py races buyers through the real HTTP checkout, audits the
orders and measures its ceilings (the minimal view and the raw SQL order)."""

import json

import pytest
from django.db import connection

from bench.checkout import main
from commerce.orders.models import Order

pytestmark = pytest.mark.django_db(transaction=True)


def test_buyers_race_for_a_hot_product_and_spread_products(home_page, capsys, tmp_path):
    figures = tmp_path / "checkout.json"

    status = main(
        [
            *("--products", "30", "--categories", "6", "--workers", "2"),
            *("--buyers", "3", "--orders-per-buyer", "2", "--hot-stock", "4"),
            *("--ceiling-seconds", "0.3", "--json", str(figures), "--quiet"),
        ]
    )

    output = capsys.readouterr().out
    assert status == 0, output
    data = json.loads(figures.read_text())
    hot, spread = data["scenarios"]
    # 6 buyers for 4 units: exactly 4 orders, 2 refusals, nothing oversold.
    assert (hot["attempts"], hot["ordered"], hot["refused"], hot["errors"]) == (6, 4, 2, 0)
    assert (hot["units_sold"], hot["adds_up"], hot["problems"]) == (4, True, [])
    assert (spread["ordered"], spread["refused"], spread["errors"], spread["products"]) == (
        6,
        0,
        0,
        6,
    )
    assert spread["adds_up"]
    assert Order.objects.count() == 10
    assert not Order.objects.exclude(payment_provider__in=["cash_on_delivery", "bank_transfer"])
    for scenario in (hot, spread):
        assert scenario["orders_per_second"] > 0
        assert scenario["place_latency"]["count"] >= scenario["ordered"]
        assert scenario["vs_ceiling"]["orders"] > 0 and scenario["vs_ceiling"]["requests"] > 0

    ceiling = data["ceiling"]
    assert ceiling["minimal_view"]["requests_per_second"] > 0
    for raw in ceiling["raw_sql"].values():
        assert raw["orders"] > 0 and raw["errors"] == 0 and raw["adds_up"]
    with connection.cursor() as cursor:  # the scratch schema is gone
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'bench_ceiling'")
        assert cursor.fetchone() is None

    table = output.splitlines()
    assert table[2].startswith("hot product ") and table[2].endswith(" yes")
    assert table[3].startswith("spread products ") and table[3].endswith(" yes")
    assert table[4].startswith("ceilings at 3 clients: minimal Django view")
