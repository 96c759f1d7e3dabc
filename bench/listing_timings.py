"""Time the category and search pages against the current database.

    DATABASE_URL=postgresql://...storefront_bench... \\
        .venv/bin/python bench/listing_timings.py [--runs 20] [--warmup 2] [--json FILE]

Listings kept per catalog generation (commerce.catalog.listing_cache) are forgotten before
every request, so each one builds its listing as the first request after a catalog change does.
Each page is requested through Django's test Client (the whole stack: middleware, view, queries,
templates; no network, no server) `--warmup` times, then `--runs` times; the table shows the
median and p95 wall time in milliseconds, the number of SQL queries of one request, the size of
the HTML and the number of products the page lists. The pages are chosen from the catalog in the
database (the top-level category with the most products, the fullest leaf, the first options of
the first two filterable attributes), so the same command measures a catalog of any size; run
`bench/generate_catalog.py` first.

It refuses to run against the dev database (`storefront`, the demo shop) unless
`--allow-dev-db`: a request may write (the category menu goes into the database cache).
`DEBUG` is off unless the environment sets it, so the figures are those of a production-like
request (no template debug information).
"""

import argparse
import json
import math
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import django
from django.apps import apps

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_DATABASE_NAME = "storefront"


def _setup_django() -> None:
    """Let the file run as a script: project root importable, dev settings by default, DEBUG
    off unless the environment says otherwise (when Django is set up already, as in tests,
    nothing changes)."""
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings.dev")
        os.environ.setdefault("DEBUG", "false")
        django.setup()


_setup_django()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from commerce.catalog import generation, listing  # noqa: E402
from commerce.catalog.models import Category, Product  # noqa: E402

DEFAULT_SEARCH_WORD = "jacket"
DEFAULT_TYPO = "jackt"  # word similarity 0.67 to "Jacket": every jacket, no full-text hit
PRICE_RANGE = {"price_min": "10", "price_max": "200"}
DEEP_PAGE = 50
RESULT_COUNT = re.compile(r'class="result-count">\s*([\d,]+)\s+product')

Progress = Callable[[str], None]


class BenchError(Exception):
    """The pages cannot be measured here (message says why)."""


@dataclass(frozen=True)
class PageSpec:
    name: str
    url: str


@dataclass
class PageTiming:
    name: str
    url: str
    runs: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    min_ms: float | None = None
    queries: int | None = None
    html_kb: float | None = None
    results: int | None = None
    status: int | None = None
    error: str = ""
    samples_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.error


# --- Which pages ----------------------------------------------------------------------------


def category_sizes() -> dict[str, int]:
    """Visible products per listed category path, its subtree included (one GROUP BY)."""
    direct = dict(
        Product.objects.visible()
        .values_list("category__path")
        .annotate(n=Count("pk"))
        .values_list("category__path", "n")
    )
    totals: dict[str, int] = {}
    for path in Category.objects.listed().values_list("path", flat=True):
        totals[path] = sum(
            n for own, n in direct.items() if own == path or own.startswith(f"{path}/")
        )
    return totals


def choose_pages(
    *, search_word: str = DEFAULT_SEARCH_WORD, typo: str = DEFAULT_TYPO
) -> list[PageSpec]:
    """The eight measured pages, picked from what the database holds."""
    sizes = category_sizes()
    listed = {c.path: c for c in Category.objects.listed().only("path", "depth")}
    roots = [path for path, c in listed.items() if c.depth == 0]
    if not roots:
        raise BenchError("No listed category: run bench/generate_catalog.py first.")
    parents = {path.rsplit("/", 1)[0] for path in listed if "/" in path}
    leaves = [path for path in listed if path not in parents]
    top = max(roots, key=lambda path: (sizes.get(path, 0), path))
    deepest = max(listed[path].depth for path in leaves)
    leaf = max(
        (path for path in leaves if listed[path].depth == deepest),
        key=lambda path: (sizes.get(path, 0), path),
    )
    filters = option_filters()

    def category_url(path, **query):
        url = reverse("catalog:category", kwargs={"path": path})
        return f"{url}?{urlencode(query, doseq=True)}" if query else url

    def search_url(**query):
        return f"{reverse('catalog:search')}?{urlencode(query, doseq=True)}"

    filtered = {**filters, "in_stock": "1", **PRICE_RANGE}
    # The search's own filters: one option of the first attribute, stock and price.
    search_filters = dict(list({k: v[:1] for k, v in filters.items()}.items())[:1])
    return [
        PageSpec("category, top level", category_url(top)),
        PageSpec("category, leaf", category_url(leaf)),
        PageSpec("category, filtered", category_url(top, **filtered)),
        PageSpec("category, filtered, by price", category_url(top, **filtered, sort="price")),
        PageSpec(f"search '{search_word}'", search_url(q=search_word)),
        PageSpec(f"search typo '{typo}'", search_url(q=typo)),
        PageSpec(
            f"search '{search_word}', filtered",
            search_url(q=search_word, **search_filters, in_stock="1", **PRICE_RANGE),
        ),
        PageSpec(f"category, top level, page {DEEP_PAGE}", category_url(top, page=DEEP_PAGE)),
    ]


def option_filters() -> dict[str, list[str]]:
    """Two options of the first filterable attribute that has two, one of another one."""
    definitions = [d for d in listing.filterable_definitions() if d.options.all()]
    generated = [d for d in definitions if d.slug.startswith("zz-bench-")]
    definitions = generated or definitions
    first = next((d for d in definitions if len(d.options.all()) >= 2), None)
    if first is None:
        return {}
    chosen = {first.slug: [o.slug for o in first.options.all()[:2]]}
    second = next((d for d in definitions if d is not first), None)
    if second is not None:
        chosen[second.slug] = [second.options.all()[0].slug]
    return chosen


# --- Measuring ------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 runs is the 19th fastest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def measure_page(client: Client, spec: PageSpec, *, runs: int, warmup: int) -> PageTiming:
    timing = PageTiming(spec.name, spec.url)
    try:
        for _ in range(warmup):
            client.get(spec.url)
        # Every request builds its listing (as the first one after a catalog change does):
        # these figures are the listing's queries and work, not the kept copy's.
        generation.forget_all()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(spec.url)
        timing.queries = len(captured)
        timing.status = response.status_code
        if response.status_code != 200:
            timing.error = f"HTTP {response.status_code}"
            return timing
        html = response.content.decode()
        timing.html_kb = round(len(response.content) / 1024, 1)
        if found := RESULT_COUNT.search(html):
            timing.results = int(found.group(1).replace(",", ""))
        for _ in range(runs):
            generation.forget_all()
            started = time.perf_counter()
            response = client.get(spec.url)
            timing.samples_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                timing.error = f"HTTP {response.status_code}"
                return timing
    except Exception as error:  # a page that raises is reported, the others still measured
        timing.error = f"{type(error).__name__}: {error}"[:200]
        return timing
    timing.runs = len(timing.samples_ms)
    if timing.samples_ms:
        timing.median_ms = round(statistics.median(timing.samples_ms), 1)
        timing.p95_ms = round(percentile(timing.samples_ms, 0.95), 1)
        timing.min_ms = round(min(timing.samples_ms), 1)
    return timing


def measure(
    pages: list[PageSpec], *, runs: int, warmup: int, progress: Progress | None = None
) -> list[PageTiming]:
    # SERVER_NAME: a host that the dev settings allow (the test Client's default is not).
    client = Client(SERVER_NAME="localhost")
    timings = []
    for number, spec in enumerate(pages, start=1):
        if progress:
            progress(f"[{number}/{len(pages)}] {spec.name}: {warmup} warm-up + {runs} runs")
        started = time.perf_counter()
        timing = measure_page(client, spec, runs=runs, warmup=warmup)
        if progress:
            outcome = timing.error or f"median {timing.median_ms} ms"
            progress(f"      {outcome} ({time.perf_counter() - started:.1f}s)")
        timings.append(timing)
    return timings


# --- Output ---------------------------------------------------------------------------------


def catalog_facts() -> dict:
    return {
        "database": connection.settings_dict["NAME"],
        "products": Product.objects.count(),
        "visible_products": Product.objects.visible().count(),
        "categories": Category.objects.count(),
    }


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def format_table(timings: list[PageTiming]) -> str:
    headers = ["page", "median ms", "p95 ms", "min ms", "queries", "HTML KB", "results", "status"]
    rows = [
        [
            t.name,
            _cell(t.median_ms),
            _cell(t.p95_ms),
            _cell(t.min_ms),
            _cell(t.queries),
            _cell(t.html_kb),
            _cell(t.results),
            t.error or "ok",
        ]
        for t in timings
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:-1], widths[1:-1], strict=True)]
        return " | ".join([first, *rest, cells[-1]])

    separator = "-+-".join("-" * width for width in widths)
    return "\n".join([line(headers), separator, *(line(row) for row in rows)])


def summary(timings: list[PageTiming], facts: dict) -> str:
    errors = [t for t in timings if not t.ok]
    measured = [t for t in timings if t.ok and t.median_ms is not None]
    head = (
        f"{len(timings)} pages on {facts['products']:,} products "
        f"({facts['visible_products']:,} visible, database {facts['database']})"
    )
    if not measured:
        return f"{head}: {len(errors)} errored, nothing measured"
    slowest = max(measured, key=lambda t: t.p95_ms)
    medians = sorted(t.median_ms for t in measured)
    return (
        f"{head}: medians {medians[0]:.1f}-{medians[-1]:.1f} ms, slowest p95 "
        f"{slowest.p95_ms:.1f} ms ({slowest.name}), {len(errors)} errored"
    )


def write_json(path: str, timings: list[PageTiming], facts: dict, args) -> None:
    data = {
        **facts,
        "runs": args.runs,
        "warmup": args.warmup,
        "debug": settings.DEBUG,
        "pages": [asdict(t) for t in timings],
    }
    Path(path).write_text(json.dumps(data, indent=2) + "\n")


# --- Command line ---------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--search-word", default=DEFAULT_SEARCH_WORD)
    parser.add_argument("--typo", default=DEFAULT_TYPO)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--allow-dev-db",
        action="store_true",
        help=f"run even against the dev database `{DEV_DATABASE_NAME}`",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def main(argv=None, *, out=None) -> int:
    out = out or sys.stdout
    args = parse_args(argv)
    database = connection.settings_dict["NAME"]
    if database == DEV_DATABASE_NAME and not args.allow_dev_db:
        print(
            f"error: refusing to run against the dev database `{database}` (the demo shop); "
            "set DATABASE_URL to a bench database, or pass --allow-dev-db",
            file=sys.stderr,
        )
        return 2

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        pages = choose_pages(search_word=args.search_word, typo=args.typo)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    facts = catalog_facts()
    timings = measure(
        pages, runs=args.runs, warmup=args.warmup, progress=None if args.quiet else progress
    )
    print(format_table(timings), file=out)
    print(summary(timings, facts), file=out)
    if args.json:
        write_json(args.json, timings, facts, args)
    return 0 if all(t.ok for t in timings) else 1


if __name__ == "__main__":
    sys.exit(main())
