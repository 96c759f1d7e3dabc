"""Smoke test: bench/api_stock.py times a stock sync through gunicorn beside the ceiling."""

import pytest

from bench.api_stock import CEILING_NAME, main, stock_rows
from commerce.stock.models import StockRecord

pytestmark = pytest.mark.django_db(transaction=True)


def test_times_a_small_sync_and_the_rows_are_set(capsys):
    status = main(
        ["--products", "30", "--categories", "6", "--rows", "40", "--runs", "1", "--quiet"]
    )

    output = capsys.readouterr().out
    assert status == 0, output
    lines = output.splitlines()
    assert lines[2].startswith(CEILING_NAME)
    assert lines[3].startswith("POST /api/v1/stock, 40 rows")
    assert lines[-1].startswith("1 runs of 40 rows")
    # The timed run set (i + 1) % 50 on the i-th (SKU, warehouse) pair.
    pairs = stock_rows(40)
    for i in (0, 39):
        sku, code = pairs[i]
        row = StockRecord.objects.get(variant__sku=sku, warehouse__code=code)
        assert row.quantity == i + 1
