"""Smoke test: bench/shopper_pages.py measures a logged-in shopper's pages, rendered, beside
the ceiling."""

import json

import pytest

from bench.shopper_pages import CEILING_NAME, main
from commerce.cart.models import Cart

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "cart, 3 lines",
    "checkout review",
    "home",
    "category, top level",
    "search 'jacket'",
    "search typo 'jackt'",
    "product",
]


def test_measures_a_shoppers_pages_of_a_tiny_catalog_beside_the_ceiling(
    home_page, capsys, tmp_path
):
    figures = tmp_path / "shopper.json"

    status = main(
        [
            *("--products", "30", "--categories", "6", "--workers", "1", "--lines", "3"),
            *("--concurrency", "2", "--runs", "3", "--warmup", "1", "--seconds", "0.3"),
            *("--json", str(figures), "--quiet"),
        ]
    )

    output = capsys.readouterr().out
    assert status == 0, output
    lines = output.splitlines()
    for name in [CEILING_NAME, *PAGES]:
        assert sum(line.startswith(f"{name} ") for line in lines) == 1, name
    assert lines[-1].startswith(f"{len(PAGES)} pages on 30 products")
    cart = Cart.objects.get(user__username="bench-shopper")
    assert cart.lines.count() == 3

    data = json.loads(figures.read_text())
    assert data["ceiling"]["error"] == "" and data["ceiling"]["queries"] == 0
    assert [page["name"] for page in data["pages"]] == PAGES
    for page in data["pages"]:
        assert page["error"] == "" and page["status"] == 200, page
        assert page["page_cache"] == ""  # rendered for the shopper, never from the cache
        assert page["queries"] > 0 and page["html_bytes"] > 1000
        # The most common count of six requests: one cold worker's first build is not shown.
        samples = page["queries_samples"]
        assert len(samples) == 6 and page["queries"] == max(set(samples), key=samples.count)
        assert page["latency"]["count"] == 3 and page["load"]["failed"] == 0
        assert page["vs_ceiling"]["median_latency"] > 0


def test_refuses_the_dev_database(capsys):
    assert main(["--database", "storefront", "--products", "30", "--quiet"]) == 1

    assert "refusing to benchmark the database `storefront`" in capsys.readouterr().err
