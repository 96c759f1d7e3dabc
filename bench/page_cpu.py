"""CPU time and queries per rendered page, in-process: what a busy machine can still compare.

    DATABASE_URL=postgres://.../storefront_bench_1000 \\
        .venv/bin/python bench/page_cpu.py [--runs 40] [--warmup 5] [--profile PAGE] \\
        [--as-shopper] [--path /extra/page/ ...]

Requests bench/pages.py's pages (home, the top-level category, a search with a typo, a
search, a product; any `--path` added) through Django's test Client with `bench.settings` and
the page cache off, warm, one at a time, and prints each page's median process CPU time per
request (user + system of this process: PostgreSQL's time is not in it, nor other work on the
machine), its median wall time and its SQL queries. `--as-shopper` first puts a product in
the cart (every page then renders for a shopper with a session); `--cold` empties what is kept
per catalog generation before each timed request. `--profile PAGE` (a page's
name) prints the cProfile of `--runs` requests of that page, sorted by own time and by
cumulative time. Run it against a benchmark database (bench/pages.py creates one).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import shop  # noqa: E402


def pages(extra: list[str]) -> list[tuple[str, str]]:
    chosen = [(page.name.split(" ")[-1].strip("'"), page.path) for page in shop.choose_pages()]
    return chosen + [(path, path) for path in extra]


def measure(client: Client, path: str, runs: int, warmup: int, cold: bool = False) -> dict:
    for _ in range(warmup):
        assert client.get(path).status_code == 200, path
    queries = []

    def counted(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(counted):
        response = client.get(path)
    cpu, wall = [], []
    for _ in range(runs):
        if cold:
            forget_kept()
        started_cpu, started = time.process_time(), time.perf_counter()
        client.get(path)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return {
        "cpu_ms": statistics.median(cpu),
        "wall_ms": statistics.median(wall),
        "queries": len(queries),
        "kb": len(response.content) / 1024,
    }


def forget_kept() -> None:
    """What the first request after a catalog change finds: nothing kept for the generation
    (the token itself stays, so this costs no cache write)."""
    try:
        from commerce.catalog import generation
    except ImportError:  # a tree from before the generation: nothing is kept
        return
    generation.forget_all()


def profile(client: Client, path: str, runs: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(60)
    return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--as-shopper", action="store_true")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty what is kept per catalog generation before each timed request (the "
        "first request after a catalog change)",
    )
    parser.add_argument("--path", action="append", default=[])
    args = parser.parse_args(argv)
    client = Client(SERVER_NAME="localhost")
    chosen = pages(args.path)
    if args.as_shopper:
        product = shop.in_stock_products().first()
        variant = product.variants.order_by("pk").first()
        client.get(product.get_absolute_url())
        client.post("/cart/add/", {"product": product.pk, "variant": variant.pk, "quantity": 1})
        if b'class="cart-count"' not in client.get("/").content:
            raise SystemExit("the shopper's cart stayed empty")
    for name, path in chosen:
        if args.profile and args.profile != name:
            continue
        figures = measure(client, path, args.runs, args.warmup, cold=args.cold)
        print(
            f"{name:10} cpu {figures['cpu_ms']:6.1f} ms  wall {figures['wall_ms']:6.1f} ms  "
            f"{figures['queries']:3} queries  {figures['kb']:5.1f} KB  {path}"
        )
        if args.profile:
            print(profile(client, path, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
