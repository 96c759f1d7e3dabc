"""CPU time, function calls and queries per step of a guest's checkout, in-process.

    DATABASE_URL=postgres://.../storefront_bench_1000 \\
        .venv/bin/python bench/checkout_cpu.py [--orders 30] [--warmup 3] [--profile STEP]

Runs bench/checkout.py's seven requests per order (product page, add to cart, address,
delivery, payment, review, place) through Django's test Client with `bench.settings`, CSRF
checks enforced and the page cache as the settings have it, each order as a new guest, and
prints per step the median process CPU time (PostgreSQL's time is not in it), the function
calls counted by cProfile (comparable on a busy machine) and the SQL queries. `--profile
STEP` prints that step's cProfile (`all` for the whole order). It places real orders: run it
against a benchmark database.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import shop  # noqa: E402
from bench.checkout import EXPECTED_TOTAL, address_form  # noqa: E402

STEPS = ("product", "add", "address", "delivery", "payment", "review", "place")


def order_steps(product, setup, email: str):
    """(step, method, path, form, expected status) of one order; the review's total is read
    from its answer, so the place step's form is a callable."""
    found = {}

    def place_form():
        return {"expected_total": found["total"]}

    def read_total(response):
        match = EXPECTED_TOTAL.search(response.content)
        assert match, "review has no expected_total"
        found["total"] = match.group(1).decode()

    return [
        ("product", "GET", f"/products/{product.slug}/", None, 200, None),
        (
            "add",
            "POST",
            "/cart/add/",
            {"product": product.product_id, "variant": product.variant_id, "quantity": 1},
            302,
            None,
        ),
        ("address", "POST", "/checkout/address/", address_form(email), 302, None),
        (
            "delivery",
            "POST",
            "/checkout/delivery/",
            {"delivery_method": setup.delivery_method_id},
            302,
            None,
        ),
        (
            "payment",
            "POST",
            "/checkout/payment/",
            {"payment_method": setup.payment_method_id},
            302,
            None,
        ),
        ("review", "GET", "/checkout/review/", None, 200, read_total),
        ("place", "POST", "/checkout/place/", place_form, 302, None),
    ]


def send(client: Client, method: str, path: str, form):
    if method == "GET":
        return client.get(path)
    form = form() if callable(form) else form
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    # Form-encoded, as browsers and bench/checkout.py send it (the test client's default,
    # multipart, costs more to parse).
    return client.post(
        path,
        urlencode({**form, "csrfmiddlewaretoken": token}),
        content_type="application/x-www-form-urlencoded",
    )


def run(products, setup, orders: int, warmup: int, profile_step: str | None, show_sql: int = 0):
    cpu = {step: [] for step in STEPS}
    calls = {step: [] for step in STEPS}
    queries = {step: [] for step in STEPS}
    profiles = []
    # One client (one handler: a new one would load the middleware again, WhiteNoise's scan of
    # the static files included), its cookies dropped for each new guest.
    client = Client(SERVER_NAME="localhost", enforce_csrf_checks=True)
    for number in range(warmup + orders):
        client.cookies = SimpleCookie()
        product = products[number % len(products)]
        timed = number >= warmup
        for step, method, path, form, status, after in order_steps(
            product, setup, f"buyer{number}@cpu.bench.example"
        ):
            executed = []

            def counted(execute, sql, *rest, executed=executed):
                executed.append(sql)
                return execute(sql, *rest)

            counter = cProfile.Profile()
            started = time.process_time()
            with connection.execute_wrapper(counted):
                counter.enable()
                response = send(client, method, path, form)
                counter.disable()
            spent = time.process_time() - started
            assert response.status_code == status, (step, response.status_code)
            if step == "place":
                assert "/checkout/done/" in response["Location"], response["Location"]
            if after:
                after(response)
            if not timed:
                continue
            cpu[step].append(spent * 1000)
            calls[step].append(sum(s[1] for s in pstats.Stats(counter).stats.values()))
            queries[step].append(len(executed))
            if profile_step in (step, "all"):
                profiles.append(counter)
                if show_sql and number == warmup:
                    print(f"--- {step}: {len(executed)} queries")
                    for sql in executed:
                        print("   ", sql[:show_sql])
    return cpu, calls, queries, profiles


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", metavar="STEP", choices=(*STEPS, "all"))
    parser.add_argument(
        "--distinct",
        type=int,
        default=1,
        help="products bought in turn (1: the hot-product scenario; many: spread)",
    )
    parser.add_argument(
        "--sql", type=int, default=0, metavar="CHARS", help="print the profiled step's SQL"
    )
    parser.add_argument("--lines", type=int, default=40, help="rows of each profile listing")
    args = parser.parse_args(argv)
    setup = shop.checkout_setup()
    products = shop.stock_products(args.distinct, quantity=10_000, skip=40)
    cpu, calls, queries, profiles = run(
        products, setup, args.orders, args.warmup, args.profile, args.sql
    )
    total_cpu = total_calls = total_queries = 0.0
    print(f"{'step':10} {'cpu ms':>8} {'calls':>8} {'queries':>8}")
    for step in STEPS:
        step_cpu = statistics.median(cpu[step])
        step_calls = statistics.median(calls[step])
        step_queries = statistics.median(queries[step])
        total_cpu += step_cpu
        total_calls += step_calls
        total_queries += step_queries
        print(f"{step:10} {step_cpu:8.1f} {step_calls:8.0f} {step_queries:8.0f}")
    print(f"{'order':10} {total_cpu:8.1f} {total_calls:8.0f} {total_queries:8.0f}")
    if profiles:
        out = io.StringIO()
        stats = pstats.Stats(*profiles, stream=out)
        stats.sort_stats("tottime").print_stats(args.lines)
        stats.sort_stats("cumulative").print_stats(args.lines * 2)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
