"""The pages a logged-in shopper with a cart sees, rendered, through gunicorn, beside the
framework's ceiling.

    .venv/bin/python bench/shopper_pages.py --products 1000 [--variants 8] \\
        [--database storefront_bench_1000] [--workers 2] [--concurrency 8] [--runs 30] \\
        [--seconds 5] [--json FILE]

Uses the generated catalog of `--products` in its own database (as `bench/pages.py` does;
never the dev database). Before the server starts it makes a shopper account with a session,
a cart of `--lines` lines (one unit each of in-stock products, each its first variant) and a
checkout ready for review (address, delivery, an offline payment method). Then, with that
shopper's session cookie, it measures the cart page, the checkout's review page, and the
home, category, search and product pages. A shopper with a session never gets the anonymous
page cache (`storefront.page_cache`), so every request renders; the page-cache column shows
the server's `X-Page-Cache` answer (empty: rendered).

Each page is measured right after the ceiling (`/__bench__/hello/`, a Django view that does
nothing, fetched with the same cookie): `--runs` sequential requests (median, p95, times the
ceiling's median), then `--concurrency` clients for `--seconds` (requests per second, share
of the ceiling's), the SQL queries of one request (the benchmark server's header) and the
HTML size. Prints a table, writes JSON (default `bench/results/shopper-pages-<N>.json`); exit
status 1 when a page failed or was served from the page cache.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database, harness
from bench.harness import HELLO_PATH, BenchError, GunicornServer, Latency

CEILING_NAME = "ceiling: minimal Django view"
SESSION_COMMAND = "--session-for"
SHOPPER_EMAIL = "shopper@bench.example"
# Far from the products bench/checkout.py buys (the first ones) and the product page's (the
# last one).
FIRST_CART_PRODUCT = 200


def prepare_shopper(url: str, lines: int):
    """The bench shopper (made once), their cart emptied and filled with `lines` lines and
    their checkout at the review step; returns (session cookie, the pages to measure)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from bench import shop
    from commerce.cart import services as cart_services
    from commerce.cart.models import Cart
    from commerce.checkout.models import Checkout

    user, _created = get_user_model().objects.get_or_create(
        username="bench-shopper", defaults={"email": SHOPPER_EMAIL}
    )
    cart, _created = Cart.objects.get_or_create(user=user)
    cart_services.empty_cart(cart=cart)
    setup = shop.checkout_setup()
    buyable = shop.in_stock_products().count()
    skip = max(0, min(FIRST_CART_PRODUCT, buyable - lines - 1))  # a small catalog: the first
    for product in shop.stock_products(lines, quantity=10**6, skip=skip):
        cart_services.add_line(
            cart=cart, product_id=product.product_id, variant_id=product.variant_id, quantity=1
        )
    Checkout.objects.filter(cart=cart).delete()
    Checkout.objects.create(
        cart=cart,
        email=SHOPPER_EMAIL,
        name="Bench Shopper",
        address_line1="1 Loop Road",
        postal_code="10115",
        city="Berlin",
        country="DE",
        delivery_method_id=setup.delivery_method_id,
        payment_method_id=setup.payment_method_id,
    )
    pages = [
        shop.Page(f"cart, {lines} lines", reverse("cart:detail")),
        shop.Page("checkout review", reverse("checkout:review")),
        *shop.choose_pages(),
    ]
    return logged_in_session(url, user.pk), pages


def logged_in_session(url: str, user_id: int) -> str:
    """A new session of `user_id`, as the Cookie header's value. Made in a process of its own
    with the server's settings (`bench.settings`): the session and its auth hash are signed
    with the server's secret key, which the smoke tests' own settings do not share."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "bench.shopper_pages", SESSION_COMMAND, str(user_id)],
        cwd=harness.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BenchError(f"could not log the shopper in:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def print_session_cookie(user_id: int) -> None:
    """`python -m bench.shopper_pages --session-for ID`: see `logged_in_session`."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")


def measure_path(port: int, path: str, cookie: str, args) -> dict:
    """One page as the shopper: warm-up, its queries and size, sequential latency, load."""
    for _ in range(args.warmup):
        harness.quick_get(port, path, cookie=cookie)
    first = harness.get(port, path, headers={"Cookie": cookie})
    if first.status != 200:
        location = first.header("Location") or ""
        return {"path": path, "status": first.status, "error": f"HTTP {first.status} {location}"}
    counts = harness.warm_query_counts(port, path, first, headers={"Cookie": cookie})
    figures = {
        "path": path,
        "status": first.status,
        "error": "",
        "queries": statistics.mode(counts) if counts else None,
        "queries_samples": counts,
        "html_bytes": len(first.body),
        "page_cache": first.header("X-Page-Cache") or "",
    }
    if figures["page_cache"]:  # "hit" or "miss": treated as an anonymous visitor
        figures["error"] = f"page cache {figures['page_cache']}: not the shopper's session"
        return figures
    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        status = harness.quick_get(port, path, cookie=cookie)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            figures["error"] = f"HTTP {status} during the timed runs"
            return figures
    load = harness.run_load(
        lambda _worker, _number: harness.quick_get(port, path, cookie=cookie) == 200,
        concurrency=args.concurrency,
        seconds=args.seconds,
    )
    if load.failed:
        figures["error"] = f"{load.failed} failed under load {load.errors[:1]}"
    latency = load.latency
    figures.update(
        latency=vars(Latency.of(samples)),
        samples_ms=[round(sample, 2) for sample in samples],
        load={
            "concurrency": load.concurrency,
            "seconds": load.seconds,
            "requests": load.completed,
            "failed": load.failed,
            "per_second": load.per_second,
            "median_ms": latency.median_ms if latency else None,
        },
    )
    return figures


def with_ratios(figures: dict, ceiling: dict) -> dict:
    if not (figures.get("error") or ceiling.get("error")):
        figures["vs_ceiling"] = {
            "median_latency": harness.ratio(
                figures["latency"]["median_ms"], ceiling["latency"]["median_ms"]
            ),
            "throughput": harness.ratio(
                figures["load"]["per_second"], ceiling["load"]["per_second"]
            ),
        }
    return figures


def ceiling_row(ceilings: list[dict]) -> dict:
    """The ceiling runs in one row: the median of each figure."""
    failed = [run["error"] for run in ceilings if run.get("error")]
    if failed:
        return {"name": CEILING_NAME, "error": failed[0]}

    def middle(pick):
        return round(statistics.median(pick(run) for run in ceilings), 2)

    return {
        "name": CEILING_NAME,
        "error": "",
        "queries": max(run["queries"] for run in ceilings),
        "html_bytes": ceilings[0]["html_bytes"],
        "page_cache": "",
        "latency": {
            "median_ms": middle(lambda run: run["latency"]["median_ms"]),
            "p95_ms": middle(lambda run: run["latency"]["p95_ms"]),
        },
        "load": {
            "per_second": middle(lambda run: run["load"]["per_second"]),
            "median_ms": middle(lambda run: run["load"]["median_ms"]),
        },
        "runs": ceilings,
    }


def table(rows: list[dict], concurrency: int) -> str:
    return harness.page_table(
        rows,
        [
            *harness.page_columns(concurrency),
            ("queries", lambda figures: harness.cell(figures["queries"])),
            ("HTML KB", lambda figures: harness.cell(figures["html_bytes"] / 1024)),
            ("page cache", lambda figures: figures["page_cache"] or "-"),
        ],
    )


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness.add_server_arguments(parser)
    parser.add_argument("--lines", type=int, default=5, help="lines in the shopper's cart")
    parser.add_argument("--concurrency", type=int, default=8, help="clients for throughput")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page")
    parser.add_argument("--runs", type=int, default=30, help="sequential timed requests")
    parser.add_argument("--seconds", type=float, default=5.0, help="load duration per page")
    parser.add_argument("--json", metavar="FILE", help="default bench/results/shopper-pages-<N>")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if (
        min(args.products, args.workers, args.concurrency, args.runs, args.lines) < 1
        or args.seconds <= 0
    ):
        parser.error("--products, --workers, --concurrency, --runs, --lines, --seconds: > 0")
    harness.default_paths(args, "shopper-pages")
    return args


def main(argv=None, *, out=None) -> int:
    out = out or sys.stdout
    args = parse_args(argv)
    progress = harness.progress_printer(args.quiet)
    machine = harness.machine_facts()
    try:
        url, catalog = database.prepare_shop(args, progress)
        cookie, pages = prepare_shopper(url, args.lines)
        progress(f"starting gunicorn ({args.workers} sync workers) on {catalog['database']}")
        ceilings, measured = [], []
        with GunicornServer(database_url=url, workers=args.workers) as server:
            for page in pages:
                progress(f"  {CEILING_NAME}, then {page.name}: {page.path}")
                ceiling = measure_path(server.port, HELLO_PATH, cookie, args)
                figures = measure_path(server.port, page.path, cookie, args)
                ceilings.append(ceiling)
                measured.append(with_ratios({"name": page.name, **figures}, ceiling))
    except (BenchError, LookupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    machine["load_average_at_end"] = harness.load_average()
    ceiling = ceiling_row(ceilings)
    print("A logged-in shopper with a cart (never served from the page cache):", file=out)
    print(table([ceiling, *measured], args.concurrency), file=out)
    print(
        f"{len(pages)} pages on {catalog['products']:,} products "
        f"({catalog['visible_products']:,} visible), cart of {args.lines} lines, database "
        f"{catalog['database']}, {args.workers} gunicorn workers, {args.concurrency} clients; "
        f"load average {machine['load_average_at_start']} -> "
        f"{machine['load_average_at_end']}",
        file=out,
    )
    harness.write_results(
        args.json,
        "shopper_pages",
        args,
        ("products", "variants", "workers", "lines", "concurrency", "warmup", "runs", "seconds"),
        machine=machine,
        catalog=catalog,
        ceiling=ceiling,
        pages=measured,
    )
    progress(f"figures written to {args.json}")
    return 1 if any(figures.get("error") for figures in [ceiling, *measured]) else 0


if __name__ == "__main__":
    if sys.argv[1:2] == [SESSION_COMMAND]:
        print_session_cookie(int(sys.argv[2]))
    else:
        sys.exit(main())
