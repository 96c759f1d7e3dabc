"""One stock sync of many rows through the integration API, timed beside the ceiling.

    .venv/bin/python bench/api_stock.py [--rows 10000] [--products 10000] [--runs 5]
        [--database storefront_bench_10000] [--workers 1]

Uses (or generates) the catalog of `--products` in its own benchmark database (as
bench/pages.py does), starts `gunicorn storefront.wsgi` with `bench.settings`, makes a
`stock:write` token and POSTs `/api/v1/stock` `--runs` times with `--rows` absolute
quantities (generated products by SKU, across the generated warehouses; each run sets other
values, so every row changes). Prints the median, fastest and slowest time of one request
beside the ceiling (the minimal Django view on the same server, median of as many GETs) and
the issue's target (under 2 s); exit status 1 when a request failed.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database, harness
from bench.harness import HELLO_PATH, QUERY_COUNT_HEADER, BenchError, GunicornServer

TARGET_SECONDS = 2.0
CEILING_NAME = "ceiling: minimal Django view"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--categories", type=int, default=300)
    parser.add_argument("--database", default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    args.database = args.database or f"storefront_bench_{args.products}"
    return args


def stock_rows(count: int) -> list[tuple[str, str]]:
    """(variant SKU, warehouse code) pairs of generated products, the same every run."""
    from bench.generate_catalog import generated_products
    from commerce.catalog.models import ProductVariant
    from commerce.stock.models import Warehouse

    codes = list(Warehouse.objects.order_by("code").values_list("code", flat=True))
    variants = ProductVariant.objects.filter(product__in=generated_products())
    skus = list(variants.order_by("sku").values_list("sku", flat=True))
    pairs = [(sku, code) for sku in skus for code in codes][:count]
    if len(pairs) < count:
        raise BenchError(f"only {len(pairs):,} (SKU, warehouse) pairs; pass more --products")
    return pairs


def make_token() -> str:
    from commerce.api.tokens import create_api_token

    return create_api_token(name="bench api_stock", scopes=["stock:write"])


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def main(argv=None, *, out=None) -> int:
    out = out or sys.stdout
    args = parse_args(argv)

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    load_at_start = harness.load_average()
    try:
        url = database.use_database(args.database)
        from bench import shop  # needs Django set up

        shop.prepare_catalog(products=args.products, categories=args.categories, progress=progress)
        pairs = stock_rows(args.rows)
        token = make_token()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        environment = {"API_RATE_LIMIT": "0"}
        with GunicornServer(
            database_url=url, workers=args.workers, environment=environment
        ) as server:
            ceiling = [
                timed(lambda: harness.quick_get(server.port, HELLO_PATH))[0]
                for _ in range(args.runs)
            ]
            samples, queries, size = [], None, 0
            for run in range(args.runs + 1):  # the first warms the worker up, untimed
                body = json.dumps(
                    {
                        "updates": [
                            {"sku": sku, "warehouse": code, "quantity": (i + run) % 50}
                            for i, (sku, code) in enumerate(pairs)
                        ]
                    }
                ).encode()
                size = len(body)
                elapsed, answer = timed(
                    lambda body=body: harness.request(
                        server.port,
                        "POST",
                        "/api/v1/stock",
                        body=body,
                        headers=headers,
                        timeout=120,
                    )
                )
                if answer.status != 200:
                    raise BenchError(f"HTTP {answer.status}: {answer.body[:300]!r}")
                if run:
                    samples.append(elapsed)
                    queries = answer.header(QUERY_COUNT_HEADER)
                progress(f"run {run}: {elapsed:,.0f} ms")
    except (BenchError, LookupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    median = statistics.median(samples)
    ceiling_ms = statistics.median(ceiling)
    rows = [
        [CEILING_NAME, harness.cell(ceiling_ms), "-", "-", "1.0×", "-"],
        [
            f"POST /api/v1/stock, {args.rows:,} rows",
            harness.cell(median),
            harness.cell(min(samples)),
            harness.cell(max(samples)),
            harness.times(harness.ratio(median, ceiling_ms)),
            queries or "-",
        ],
    ]
    headers_row = ["request", "median ms", "fastest", "slowest", "× ceiling", "queries"]
    print(harness.format_table(headers_row, rows), file=out)
    verdict = "within" if median / 1000 < TARGET_SECONDS else "OVER"
    print(
        f"{args.runs} runs of {args.rows:,} rows ({size / 1e6:.1f} MB of JSON) on "
        f"{args.products:,} products, database {args.database}: median {median / 1000:.2f} s, "
        f"{verdict} the {TARGET_SECONDS:.0f} s target; load average {load_at_start} -> "
        f"{harness.load_average()}",
        file=out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
