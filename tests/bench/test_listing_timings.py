import json

import pytest

from bench.generate_catalog import generate_catalog
from bench.listing_timings import choose_pages, main

pytestmark = pytest.mark.django_db


def test_times_every_page_of_a_tiny_catalog(capsys, tmp_path):
    generate_catalog(products=30, categories=6)
    figures = tmp_path / "timings.json"

    status = main(["--runs", "2", "--warmup", "1", "--json", str(figures)])

    output = capsys.readouterr()
    names = [spec.name for spec in choose_pages()]
    assert status == 0, output
    assert len(names) == 8
    table = output.out.splitlines()
    for name in names:
        row = next(line for line in table if line.startswith(f"{name} "))
        assert row.endswith(" ok"), row
    assert table[-1].startswith("8 pages on 30 products") and "0 errored" in table[-1]
    assert "[8/8]" in output.err  # progress

    data = json.loads(figures.read_text())
    assert data["products"] == 30
    assert [page["name"] for page in data["pages"]] == names
    for page in data["pages"]:
        assert page["error"] == "" and page["status"] == 200
        assert page["runs"] == 2 and len(page["samples_ms"]) == 2
        assert page["median_ms"] > 0 and page["queries"] > 0 and page["html_kb"] > 0


def test_refuses_the_dev_database(capsys, monkeypatch):
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "NAME", "storefront")

    assert main(["--runs", "1"]) == 2
    assert "refusing" in capsys.readouterr().err
