"""Concurrent buyers placing orders through the real HTTP checkout, beside the ceilings.

    .venv/bin/python bench/checkout.py --products 1000 [--database storefront_bench_1000] \\
        [--workers 2] [--buyers 8] [--orders-per-buyer 10] [--hot-stock N] [--json FILE]

Uses the generated catalog of `--products` in its own database (as `bench/pages.py` does;
never the dev database), starts `gunicorn storefront.wsgi` with `bench.settings` on loopback,
and lets `--buyers` concurrent guests each check out `--orders-per-buyer` times, every time
as a new guest with its own cookies and CSRF token: product page, add to cart, address,
delivery, payment (cash on delivery or bank transfer), review (which shows the total) and
place order with that total.
An order is placed when the last answer redirects to `/checkout/done/<token>/`; a refusal (the
stock is gone) ends in the cart.

Two scenarios:

- **hot product**: every buyer wants the same product, which has `--hot-stock` units (default:
  three quarters of the attempts, so the last buyers are refused);
- **spread**: every attempt buys a different product, each with plenty of stock.

Before a scenario the products' stock is set (all in the first warehouse). After it, the run's
orders are audited: lines and totals add up, allocations hold each line's quantity, the stock
each product lost is exactly what its orders hold, nothing went below zero or was oversold.

The same run measures two ceilings at the same concurrency: the minimal Django view served by
the same gunicorn (requests per second; the checkout's own requests per second are shown as a
share of it) and `place_order`'s transaction as raw SQL through psycopg (`bench/raw_order.py`),
for one hot row and for spread rows (orders per second; the HTTP checkout's orders per second
are shown as a share of it). Prints a table, writes JSON (default
`bench/results/checkout-<products>.json`); exit status 1 when something failed or did not add up.
"""

import argparse
import random
import re
import secrets
import sys
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a file: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database, harness
from bench.harness import HELLO_PATH, BenchError, GunicornServer, Latency

REQUESTS_PER_ORDER = 7
EXPECTED_TOTAL = re.compile(rb'name="expected_total" value="([0-9.]+)"')
DONE_PATH = "/checkout/done/"
RAW_SPREAD_PRODUCTS = 1000


class UnexpectedAnswer(Exception):
    """The shop answered something a checkout step never should."""


class Buyer:
    """One guest's browser: its own cookies (session, CSRF), no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict | None = None) -> harness.Response:
        headers = {}
        body = None
        if form is not None:
            token = self.cookies.get("csrftoken", "")
            body = urlencode({**form, "csrfmiddlewaretoken": token}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = token
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = harness.request(self.port, method, path, body=body, headers=headers)
        self._keep_cookies(response)
        return response

    def _keep_cookies(self, response: harness.Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def post_step(self, path: str, form: dict, expected: str) -> str:
        """POST a step; return 'ok' when it redirects to `expected`, 'refused' when it sends
        the shopper to the cart; anything else is unexpected."""
        response = self.send("POST", path, form)
        location = response.header("Location") or ""
        if response.status == 302 and location == expected:
            return "ok"
        if response.status == 302 and location == "/cart/":
            return "refused"
        raise UnexpectedAnswer(f"POST {path}: HTTP {response.status} {location}")


def address_form(email: str) -> dict:
    return {
        "email": email,
        "name": "Bench Buyer",
        "phone": "+49 30 1234",
        "address_line1": "1 Loop Road",
        "address_line2": "",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
    }


def buy_once(port: int, product, setup, *, email: str) -> tuple[str, float | None]:
    """One guest's whole checkout: ('ordered' | 'refused', the place request's ms)."""
    buyer = Buyer(port)
    page = buyer.send("GET", f"/products/{product.slug}/")
    if page.status != 200 or "csrftoken" not in buyer.cookies:
        raise UnexpectedAnswer(f"product page: HTTP {page.status}")
    added = buyer.send(
        "POST",
        "/cart/add/",
        {"product": product.product_id, "variant": product.variant_id, "quantity": 1},
    )
    if added.status != 302:
        raise UnexpectedAnswer(f"add to cart: HTTP {added.status}")
    steps = [
        ("/checkout/address/", address_form(email), "/checkout/delivery/"),
        (
            "/checkout/delivery/",
            {"delivery_method": setup.delivery_method_id},
            "/checkout/payment/",
        ),
        ("/checkout/payment/", {"payment_method": setup.payment_method_id}, "/checkout/review/"),
    ]
    for path, form, expected in steps:
        if buyer.post_step(path, form, expected) == "refused":
            return "refused", None
    review = buyer.send("GET", "/checkout/review/")
    if review.status == 302 and review.header("Location") == "/cart/":
        return "refused", None
    found = EXPECTED_TOTAL.search(review.body)
    if review.status != 200 or found is None:
        raise UnexpectedAnswer(f"review: HTTP {review.status}")
    started = time.perf_counter()
    placed = buyer.send("POST", "/checkout/place/", {"expected_total": found.group(1).decode()})
    place_ms = (time.perf_counter() - started) * 1000
    location = placed.header("Location") or ""
    if placed.status == 302 and location.startswith(DONE_PATH):
        return "ordered", place_ms
    if placed.status == 302 and location == "/cart/":
        return "refused", place_ms
    raise UnexpectedAnswer(f"place: HTTP {placed.status} {location}")


def run_scenario(port: int, name: str, targets, setup, args, progress) -> dict:
    """`--buyers` concurrent guests, `--orders-per-buyer` checkouts each, over `targets`
    (attempt i buys targets[i % len(targets)]); then the audit."""
    from bench import shop

    product_ids = sorted({target.product_id for target in targets})
    stock_before = shop.sellable_stock(product_ids)
    after_order_id = shop.last_order_id()
    domain = f"{secrets.token_hex(4)}.bench.example"
    outcomes: Counter = Counter()
    place_ms: list[float] = []
    lock = threading.Lock()

    def checkout(worker: int, number: int) -> bool:
        attempt = worker * args.orders_per_buyer + number
        target = targets[attempt % len(targets)]
        outcome, took = buy_once(port, target, setup, email=f"buyer{attempt}@{domain}")
        with lock:
            outcomes[outcome] += 1
            if took is not None:
                place_ms.append(took)
        return outcome == "ordered"

    progress(f"{name}: {args.buyers} buyers × {args.orders_per_buyer} checkouts")
    load = harness.run_load(
        checkout, concurrency=args.buyers, calls_per_worker=args.orders_per_buyer
    )
    audit = shop.audit_orders(
        product_ids=product_ids,
        stock_before=stock_before,
        after_order_id=after_order_id,
        email_domain=domain,
    )
    errors = load.failed - outcomes["refused"]
    if audit.orders != outcomes["ordered"]:
        audit.problems.append(
            f"buyers saw {outcomes['ordered']} orders placed, the database holds {audit.orders}"
        )
    place_latency = Latency.of(place_ms)
    return {
        "name": name,
        "products": len(product_ids),
        "stock_before": sum(stock_before.values()),
        "attempts": args.buyers * args.orders_per_buyer,
        "ordered": outcomes["ordered"],
        "refused": outcomes["refused"],
        "errors": errors,
        "error_examples": load.errors[:5],
        "seconds": load.seconds,
        "orders_per_second": round(outcomes["ordered"] / load.seconds, 1) if load.seconds else 0,
        "requests_per_second": round(
            (load.completed + load.failed) * REQUESTS_PER_ORDER / load.seconds, 1
        )
        if load.seconds
        else 0,
        "place_latency": vars(place_latency) if place_latency else None,
        "units_sold": audit.units_sold,
        "adds_up": audit.ok,
        "problems": audit.problems[:20],
    }


def measure_hello(port: int, args) -> dict:
    load = harness.run_load(
        lambda _worker, _number: harness.quick_get(port, HELLO_PATH) == 200,
        concurrency=args.buyers,
        seconds=args.ceiling_seconds,
    )
    latency = load.latency
    return {
        "requests_per_second": load.per_second,
        "failed": load.failed,
        "median_ms": latency.median_ms if latency else None,
    }


def measure_raw(url: str, args, *, spread: bool) -> dict:
    from bench import raw_order  # reads the models: needs Django set up

    if spread:
        randoms = [random.Random(worker) for worker in range(args.buyers)]

        def choose(worker, _number):
            return randoms[worker].randint(1, RAW_SPREAD_PRODUCTS)
    else:
        choose = None
    result = raw_order.run(
        url,
        concurrency=args.buyers,
        seconds=args.ceiling_seconds,
        products=RAW_SPREAD_PRODUCTS,
        stock=10**8,
        choose=choose,
    )
    return {
        "orders_per_second": result.load.per_second,
        "orders": result.orders,
        "refused": result.refused,
        "errors": result.load.failed - result.refused,
        "error_examples": result.load.errors[:5],
        "median_ms": result.load.latency.median_ms if result.load.latency else None,
        "p95_ms": result.load.latency.p95_ms if result.load.latency else None,
        "adds_up": result.adds_up,
    }


def table(scenarios: list[dict], hello: dict, raw: dict, buyers: int) -> str:
    headers = [
        "scenario",
        "orders",
        "refused",
        "errors",
        "orders/s",
        "raw SQL orders/s",
        "of raw",
        "req/s",
        "of hello",
        "place ms median",
        "p95",
        "adds up",
    ]
    rows = []
    for scenario in scenarios:
        ceiling = raw[scenario["key"]]
        latency = scenario["place_latency"] or {}
        rows.append(
            [
                scenario["name"],
                harness.cell(scenario["ordered"]),
                harness.cell(scenario["refused"]),
                harness.cell(scenario["errors"]),
                harness.cell(scenario["orders_per_second"]),
                harness.cell(ceiling["orders_per_second"]),
                harness.share(scenario["vs_ceiling"]["orders"]),
                harness.cell(scenario["requests_per_second"]),
                harness.share(scenario["vs_ceiling"]["requests"]),
                harness.cell(latency.get("median_ms")),
                harness.cell(latency.get("p95_ms")),
                "yes" if scenario["adds_up"] else "NO",
            ]
        )
    lines = [harness.format_table(headers, rows)]
    lines.append(
        f"ceilings at {buyers} clients: minimal Django view {hello['requests_per_second']:,.1f} "
        f"req/s; raw SQL order, hot row {raw['hot']['orders_per_second']:,.1f}/s "
        f"(median {harness.cell(raw['hot']['median_ms'], 2)} ms), spread rows "
        f"{raw['spread']['orders_per_second']:,.1f}/s "
        f"(median {harness.cell(raw['spread']['median_ms'], 2)} ms)"
    )
    return "\n".join(lines)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness.add_server_arguments(parser)
    parser.add_argument("--buyers", type=int, default=8, help="concurrent buyers")
    parser.add_argument("--orders-per-buyer", type=int, default=10)
    parser.add_argument(
        "--hot-stock", type=int, help="units of the hot product (default: 3/4 of the attempts)"
    )
    parser.add_argument(
        "--ceiling-seconds", type=float, default=3.0, help="duration of each ceiling"
    )
    parser.add_argument("--json", metavar="FILE", help="default bench/results/checkout-<N>.json")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if min(args.products, args.workers, args.buyers, args.orders_per_buyer) < 1:
        parser.error("--products, --workers, --buyers and --orders-per-buyer must be > 0")
    if args.ceiling_seconds <= 0 or (args.hot_stock is not None and args.hot_stock < 0):
        parser.error("--ceiling-seconds must be > 0 and --hot-stock >= 0")
    attempts = args.buyers * args.orders_per_buyer
    if args.hot_stock is None:
        args.hot_stock = attempts * 3 // 4
    harness.default_paths(args, "checkout")
    return args


def main(argv=None, *, out=None) -> int:
    out = out or sys.stdout
    args = parse_args(argv)

    progress = harness.progress_printer(args.quiet)
    machine = harness.machine_facts()
    attempts = args.buyers * args.orders_per_buyer
    try:
        url, catalog = database.prepare_shop(args, progress)
        from bench import shop  # Django is set up now

        setup = shop.checkout_setup()
        hot = shop.stock_products(1, quantity=args.hot_stock)
        spread = shop.stock_products(
            min(attempts, max(1, catalog["generated_products"] // 2)),
            quantity=attempts + 10,
            skip=1,
        )
        progress(f"starting gunicorn ({args.workers} sync workers) on {catalog['database']}")
        with GunicornServer(database_url=url, workers=args.workers) as server:
            progress("warming up")
            for _ in range(5):
                harness.get(server.port, HELLO_PATH)
                harness.get(server.port, f"/products/{spread[0].slug}/")
            scenarios = [
                {
                    "key": "hot",
                    **run_scenario(server.port, "hot product", hot, setup, args, progress),
                },
                {
                    "key": "spread",
                    **run_scenario(server.port, "spread products", spread, setup, args, progress),
                },
            ]
            progress("ceiling: minimal Django view")
            hello = measure_hello(server.port, args)
            server_errors = server.errors_logged()
        progress("ceiling: raw SQL orders, hot row and spread rows")
        raw = {
            "hot": measure_raw(url, args, spread=False),
            "spread": measure_raw(url, args, spread=True),
        }
    except (BenchError, LookupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for scenario in scenarios:
        scenario["vs_ceiling"] = {
            "orders": harness.ratio(
                scenario["orders_per_second"], raw[scenario["key"]]["orders_per_second"]
            ),
            "requests": harness.ratio(
                scenario["requests_per_second"], hello["requests_per_second"]
            ),
        }
    machine["load_average_at_end"] = harness.load_average()
    print(table(scenarios, hello, raw, args.buyers), file=out)
    for scenario in scenarios:
        for problem in scenario["problems"]:
            print(f"{scenario['name']}: {problem}", file=out)
        for example in scenario["error_examples"]:
            print(f"{scenario['name']}: error: {example}", file=out)
    if server_errors:
        print(f"the server logged errors:\n{server_errors}", file=out)
    print(
        f"{attempts} checkouts per scenario on {catalog['products']:,} products, hot stock "
        f"{args.hot_stock}, database {catalog['database']}, {args.workers} gunicorn workers; "
        f"load average {machine['load_average_at_start']} -> {machine['load_average_at_end']}",
        file=out,
    )
    harness.write_results(
        args.json,
        "checkout",
        args,
        (
            "products",
            "variants",
            "workers",
            "buyers",
            "orders_per_buyer",
            "hot_stock",
            "ceiling_seconds",
        ),
        machine=machine,
        catalog=catalog,
        ceiling={"minimal_view": hello, "raw_sql": raw},
        scenarios=scenarios,
        server_errors=server_errors,
    )
    progress(f"figures written to {args.json}")
    failed = (
        bool(server_errors)
        or any(s["errors"] or not s["adds_up"] for s in scenarios)
        or any(r["errors"] or not r["adds_up"] for r in raw.values())
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
