"""Page latency and throughput through gunicorn, beside the framework's ceiling.

    .venv/bin/python bench/pages.py --products 1000 [--database storefront_bench_1000] \\
        [--workers 2] [--concurrency 8] [--runs 30] [--seconds 5] [--json FILE]

Builds (or reuses, or tops up) a generated catalog of `--products` in its own database
(default `storefront_bench_<products>`, created and migrated when missing; never the dev
database), starts `gunicorn storefront.wsgi` with `bench.settings` on loopback with sync
workers, warms up, and measures the home, category, search and product pages:

- latency: `--runs` requests one after another (nothing else in flight), median and p95;
- throughput: `--concurrency` clients for `--seconds`, requests per second (with the median
  and p95 latency under that load);
- the SQL queries of a warm request (a response header the benchmark server adds; the most
  common count of a few requests, each kept in the JSON) and the HTML bytes.

The same run measures the ceiling the same way, right before each page: `/__bench__/hello/`,
a Django view that does nothing, served by the same gunicorn, settings and middleware. Every
figure is printed beside its ceiling as a ratio (latency: times the ceiling's; throughput:
share of the ceiling's), because absolute times on a shared machine drift from run to run;
the ceiling's row shows the median of its runs. Prints a table, writes
JSON (default `bench/results/pages-<products>.json`); exit status 1 when a page failed.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database, harness
from bench.harness import (
    HELLO_PATH,
    BenchError,
    GunicornServer,
    Latency,
    LoadResult,
)

CEILING_NAME = "ceiling: minimal Django view"
# What the server runs with, by --page-cache: (title, environment of gunicorn).
MODES = {
    "off": ("Page cache off: every request renders the page", {"PAGE_CACHE_SECONDS": "0"}),
    "on": ("Page cache on: anonymous visitors served from the cache (warm)", {}),
}


def measure_path(port: int, path: str, args, progress) -> dict:
    """One page: warm-up, its queries and size (warm: caches filled, as most requests find
    them), sequential latency, then throughput under load."""
    for _ in range(args.warmup):
        harness.quick_get(port, path)
    first = harness.get(port, path)
    if first.status != 200:
        return {"path": path, "status": first.status, "error": f"HTTP {first.status}"}
    counts = harness.warm_query_counts(port, path, first)
    figures = {
        "path": path,
        "status": first.status,
        "error": "",
        "queries": statistics.mode(counts) if counts else None,
        "queries_samples": counts,
        "html_bytes": len(first.body),
        "page_cache": first.header("X-Page-Cache") or "",
    }
    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        status = harness.quick_get(port, path)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            figures["error"] = f"HTTP {status} during the timed runs"
            return figures
    latency = Latency.of(samples)
    load = harness.run_load(
        lambda _worker, _number: harness.quick_get(port, path) == 200,
        concurrency=args.concurrency,
        seconds=args.seconds,
    )
    if load.failed:
        figures["error"] = f"{load.failed} failed under load {load.errors[:1]}"
    figures.update(
        latency=vars(latency),
        samples_ms=[round(sample, 2) for sample in samples],
        load=load_figures(load),
    )
    return figures


def load_figures(load: LoadResult) -> dict:
    latency = load.latency
    return {
        "concurrency": load.concurrency,
        "seconds": load.seconds,
        "requests": load.completed,
        "failed": load.failed,
        "per_second": load.per_second,
        "median_ms": latency.median_ms if latency else None,
        "p95_ms": latency.p95_ms if latency else None,
    }


def add_ratios(figures: dict, ceiling: dict) -> None:
    """Latency as times the ceiling's, throughput as a share of the ceiling's."""
    if figures.get("error") or ceiling.get("error"):
        return
    figures["vs_ceiling"] = {
        "median_latency": harness.ratio(
            figures["latency"]["median_ms"], ceiling["latency"]["median_ms"]
        ),
        "p95_latency": harness.ratio(figures["latency"]["p95_ms"], ceiling["latency"]["p95_ms"]),
        "throughput": harness.ratio(figures["load"]["per_second"], ceiling["load"]["per_second"]),
    }


def summarise_ceilings(ceilings: list[dict]) -> dict:
    """The ceiling runs in one row: the median of each figure over the runs."""
    failed = [run["error"] for run in ceilings if run.get("error")]
    if failed:
        return {"error": failed[0]}

    def middle(pick):
        return round(statistics.median(pick(run) for run in ceilings), 2)

    return {
        "error": "",
        "path": HELLO_PATH,
        "queries": max(run["queries"] for run in ceilings),
        "html_bytes": ceilings[0]["html_bytes"],
        "latency": {
            "count": sum(run["latency"]["count"] for run in ceilings),
            "median_ms": middle(lambda run: run["latency"]["median_ms"]),
            "p95_ms": middle(lambda run: run["latency"]["p95_ms"]),
        },
        "load": {
            "concurrency": ceilings[0]["load"]["concurrency"],
            "per_second": middle(lambda run: run["load"]["per_second"]),
            "median_ms": middle(lambda run: run["load"]["median_ms"]),
            "per_second_range": [
                min(run["load"]["per_second"] for run in ceilings),
                max(run["load"]["per_second"] for run in ceilings),
            ],
        },
    }


def ceiling_range(ceiling: dict) -> str:
    low, high = ceiling.get("load", {}).get("per_second_range", [None, None])
    return f"{harness.cell(low)}-{harness.cell(high)}"


def table(results: list[dict], concurrency: int) -> str:
    return harness.page_table(
        results,
        [
            *harness.page_columns(concurrency),
            (
                f"median ms @{concurrency}",
                lambda figures: harness.cell(figures["load"]["median_ms"]),
            ),
            ("queries", lambda figures: harness.cell(figures["queries"])),
            ("HTML KB", lambda figures: harness.cell(figures["html_bytes"] / 1024)),
        ],
    )


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness.add_server_arguments(parser)
    parser.add_argument("--concurrency", type=int, default=8, help="clients for throughput")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page")
    parser.add_argument("--runs", type=int, default=30, help="sequential timed requests")
    parser.add_argument("--seconds", type=float, default=5.0, help="load duration per page")
    parser.add_argument(
        "--page-cache",
        choices=["off", "on", "both"],
        default="both",
        help="measure with the anonymous page cache off (rendering), on, or both (default)",
    )
    parser.add_argument("--json", metavar="FILE", help="default bench/results/pages-<N>.json")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if min(args.products, args.workers, args.concurrency, args.runs) < 1 or args.seconds <= 0:
        parser.error("--products, --workers, --concurrency, --runs and --seconds must be > 0")
    harness.default_paths(args, "pages")
    return args


def measure_pages(url: str, pages, args, mode: str, progress) -> dict:
    """Every page, each right after its own ceiling run, on one gunicorn started for `mode`."""
    title, environment = MODES[mode]
    progress(f"{title}: gunicorn with {args.workers} sync workers")
    with GunicornServer(database_url=url, workers=args.workers, environment=environment) as server:
        ceilings, measured = [], []
        for page in pages:
            # The machine drifts; a page and the ceiling run just before it drift less.
            progress(f"  {CEILING_NAME}, then {page.name}: {page.path}")
            ceiling = measure_path(server.port, HELLO_PATH, args, progress)
            figures = {"name": page.name, **measure_path(server.port, page.path, args, progress)}
            add_ratios(figures, ceiling)
            figures["ceiling"] = ceiling
            ceilings.append(ceiling)
            measured.append(figures)
    ceiling = {"name": CEILING_NAME, **summarise_ceilings(ceilings)}
    return {"title": title, "ceiling": {**ceiling, "runs": ceilings}, "pages": measured}


def main(argv=None, *, out=None) -> int:
    out = out or sys.stdout
    args = parse_args(argv)

    progress = harness.progress_printer(args.quiet)
    machine = harness.machine_facts()
    modes = list(MODES) if args.page_cache == "both" else [args.page_cache]
    try:
        url, catalog = database.prepare_shop(args, progress)
        from bench import shop  # Django is set up now

        pages = shop.choose_pages()
        results = {mode: measure_pages(url, pages, args, mode, progress) for mode in modes}
    except (BenchError, LookupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    machine["load_average_at_end"] = harness.load_average()
    for result in results.values():
        print(f"{result['title']}:", file=out)
        print(table([result["ceiling"], *result["pages"]], args.concurrency), file=out)
        print(f"ceiling {ceiling_range(result['ceiling'])} req/s over its runs\n", file=out)
    print(
        f"{len(pages)} pages on {catalog['products']:,} products "
        f"({catalog['visible_products']:,} visible), database {catalog['database']}, "
        f"{args.workers} gunicorn workers, {args.concurrency} clients; load average "
        f"{machine['load_average_at_start']} -> {machine['load_average_at_end']}",
        file=out,
    )
    harness.write_results(
        args.json,
        "pages",
        args,
        (
            "products",
            "variants",
            "workers",
            "concurrency",
            "warmup",
            "runs",
            "seconds",
            "page_cache",
        ),
        machine=machine,
        catalog=catalog,
        modes=results,
    )
    progress(f"figures written to {args.json}")
    failed = any(
        figures.get("error")
        for result in results.values()
        for figures in [result["ceiling"], *result["pages"]]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
