"""Smoke test: bench/pages.py measures every page and its ceiling through gunicorn."""

import json

import pytest
from django.conf import settings

from bench.pages import CEILING_NAME, main
from commerce.catalog.models import Product

pytestmark = pytest.mark.django_db(transaction=True)

CACHE_IS_SQL = settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
PAGES = ["home", "category, top level", "search 'jacket'", "search typo 'jackt'", "product"]


def test_measures_the_pages_of_a_tiny_catalog_beside_the_ceiling(home_page, capsys, tmp_path):
    figures = tmp_path / "pages.json"

    status = main(
        [
            *("--products", "30", "--categories", "6", "--workers", "1"),
            *("--concurrency", "2", "--runs", "3", "--warmup", "1", "--seconds", "0.3"),
            *("--json", str(figures), "--quiet"),
        ]
    )

    output = capsys.readouterr().out
    assert status == 0, output
    assert Product.objects.count() == 30  # the catalog was generated for the run
    lines = output.splitlines()
    for name in [CEILING_NAME, *PAGES]:
        assert sum(line.startswith(f"{name} ") for line in lines) == 2, name
    assert lines[-1].startswith("5 pages on 30 products")
    table = output

    assert "Page cache off: every request renders the page:" in table
    assert "Page cache on: anonymous visitors served from the cache (warm):" in table

    data = json.loads(figures.read_text())
    assert data["catalog"]["generated_products"] == 30
    assert data["machine"]["cpus"] >= 1
    rendered, cached = data["modes"]["off"], data["modes"]["on"]
    for mode in (rendered, cached):
        ceiling = mode["ceiling"]
        assert ceiling["error"] == "" and ceiling["queries"] == 0
        assert len(ceiling["runs"]) == 5  # one right before each page
        assert ceiling["load"]["per_second"] > 0
        assert [page["name"] for page in mode["pages"]] == PAGES
        for page in mode["pages"]:
            assert page["error"] == "" and page["status"] == 200, page
            # With REDIS_URL the caches are not SQL: a cached page, or a rendered one kept for
            # the catalog's generation, may cost no query at all.
            assert page["queries"] >= (0 if mode is cached or not CACHE_IS_SQL else 1)
            assert page["html_bytes"] > 1000
            assert len(page["queries_samples"]) == 6
            assert page["queries"] == max(
                set(page["queries_samples"]), key=page["queries_samples"].count
            )
            assert page["latency"]["count"] == 3 and len(page["samples_ms"]) == 3
            assert 0 < page["latency"]["median_ms"] <= page["latency"]["p95_ms"]
            assert page["load"]["requests"] > 0 and page["load"]["failed"] == 0
            assert page["vs_ceiling"]["throughput"] > 0
            assert page["vs_ceiling"]["median_latency"] > 0
    assert [page["page_cache"] for page in rendered["pages"]] == [""] * 5
    assert [page["page_cache"] for page in cached["pages"]] == ["hit"] * 5
    # A rendered listing kept for the catalog's generation still reads the generation's token
    # (one query on the database cache).
    assert rendered["pages"][1]["queries"] >= (1 if CACHE_IS_SQL else 0)
    assert rendered["pages"][4]["path"].startswith("/products/zz-bench-")


def test_refuses_the_dev_database(capsys):
    assert main(["--database", "storefront", "--products", "30", "--quiet"]) == 1

    assert "refusing to benchmark the database `storefront`" in capsys.readouterr().err
    assert not Product.objects.exists()
