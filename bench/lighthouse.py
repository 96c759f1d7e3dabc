"""Lighthouse's four scores (performance, accessibility, best practices, SEO) for the home page,
a category, a product and a search, on the mobile preset (Lighthouse's default) and the desktop
one, against the shop as production serves it.

    .venv/bin/python bench/lighthouse.py [--database storefront_lighthouse] [--runs 1]
        [--json bench/results/lighthouse.json]

What it runs, in order:

1. the benchmark database `--database` (`bench.database.use_database`: created, migrated) with
   the demo shop (`seed_demo --if-empty`), its pictures in bench/results/lighthouse-media/;
2. `collectstatic` with the production settings: WhiteNoise's compressed, hashed files;
3. `gunicorn storefront.wsgi` with `storefront.settings.production` and the project's
   gunicorn.conf.py (2 workers; plain HTTP on loopback, so no SSL redirect). Media files come
   from WhiteNoise with a year's max-age, as a CDN or the web server would send them in
   production (Django itself serves no media);
4. each page once (before the server starts, which makes its picture renditions, and once
   through the server), then Lighthouse (`node_modules/.bin/
   lighthouse`, `make node-tools` installs it) with Debian's Chromium, `--runs` times per
   page and preset; a score is the median of its runs.

The targets (issue 17): accessibility 100, every other score at least 95; a score below its
target is marked with `<`. Performance depends on the machine: measure on a quiet one.

SEO is printed twice: Lighthouse's own score, and the same score with the `is-crawlable` audit
left out ("seo, indexing aside"). The search page is `noindex` on purpose (internal search
results should not be indexed), which that one audit fails, so search's plain SEO score is
low by design; the second figure shows that everything else on it passes. Search is held to
the target on the second figure only, every other page on both (docs/design.md).
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a file: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    HOST,
    PROJECT_ROOT,
    BenchError,
    GunicornServer,
    format_table,
    free_port,
    machine_facts,
    write_json,
)

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# SEO without the one audit a noindex page fails on purpose.
SEO_INDEXING_ASIDE = "seo-indexing-aside"
INDEXING_AUDIT = "is-crawlable"
COLUMNS = [*CATEGORIES, SEO_INDEXING_ASIDE]
TARGETS = {
    "performance": 95,
    "accessibility": 100,
    "best-practices": 95,
    "seo": 95,
    SEO_INDEXING_ASIDE: 95,
}
PRESETS = {"mobile": [], "desktop": ["--preset=desktop"]}
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
LIGHTHOUSE = PROJECT_ROOT / "node_modules/.bin/lighthouse"
MEDIA_ROOT = PROJECT_ROOT / "bench/results/lighthouse-media"
YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    noindex: bool = False  # kept out of search engines on purpose (the search page)


def media_served_app():
    """The WSGI application gunicorn runs (`bench.lighthouse:media_served_app()`): the shop,
    with /media/ answered by WhiteNoise from MEDIA_ROOT with far-future caching."""
    from whitenoise import WhiteNoise

    from storefront.wsgi import application

    return WhiteNoise(application, root=os.environ["MEDIA_ROOT"], prefix="media/", max_age=YEAR)


def production_environment(database_url: str, port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "storefront.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{port}",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS is the proxy's job
        "MEDIA_ROOT": str(MEDIA_ROOT),
        "GUNICORN_BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_TIMEOUT": "120",  # a page's first view makes its renditions
        "GUNICORN_LOG_LEVEL": "warning",
    }


def prepare_shop(database: str, progress) -> tuple[str, list]:
    """The database with the demo shop; returns its URL and the pages to score."""
    os.environ["MEDIA_ROOT"] = str(MEDIA_ROOT)  # before Django reads its settings
    from bench.database import use_database

    url = use_database(database)
    from django.core.management import call_command

    progress("loading the demo shop (once per database)")
    call_command("seed_demo", if_empty=True, verbosity=0)
    pages = demo_pages()
    make_renditions(pages)
    return url, pages


def make_renditions(pages: list["Page"]) -> None:
    """Render each page once here, before the server starts: a page's first view makes its
    picture renditions, and WhiteNoise only serves the files it found when it started."""
    from django.test import Client

    client = Client()
    for page in pages:
        response = client.get(page.path, HTTP_HOST="localhost")
        if response.status_code != 200:
            raise BenchError(f"{page.path} answered {response.status_code}")


def demo_pages() -> list[Page]:
    """Home, the top-level category with the most products, the first product with a
    picture and stock, and a search for the last word of its name."""
    from collections import Counter

    from django.urls import reverse

    from commerce.catalog.models import Category, Product

    product = (
        Product.objects.buyable()
        .filter(images__isnull=False, stock_records__quantity__gt=0)
        .order_by("sku")
        .first()
    )
    if product is None:
        raise BenchError("no buyable product with a picture and stock in the demo shop")
    paths = Product.objects.visible().values_list("category__path", flat=True)
    [(root, _)] = Counter(path.split("/")[0] for path in paths).most_common(1)
    top = Category.objects.get(path=root)
    word = product.name.split()[-1].lower()
    return [
        Page("home", "/"),
        Page(f"category {top.name}", top.get_absolute_url()),
        Page("product", product.get_absolute_url()),
        Page(
            f"search '{word}'",
            f"{reverse('catalog:search')}?{urlencode({'q': word})}",
            noindex=True,
        ),
    ]


def collect_static(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
    )


class ProductionServer(GunicornServer):
    """gunicorn with the production settings and the project's gunicorn.conf.py, started and
    stopped around a `with` (stopping and the log are GunicornServer's)."""

    def __init__(self, env: dict, port: int):
        super().__init__(database_url=env["DATABASE_URL"])
        self.env, self.port = env, port

    def __enter__(self):
        self._log = tempfile.NamedTemporaryFile("w+", prefix="lighthouse-gunicorn-", suffix=".log")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bench.lighthouse:media_served_app()"],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped at start-up:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5):
                    return self
            except OSError:
                time.sleep(0.3)
        log = self.log_text()
        self.__exit__()
        raise BenchError(f"gunicorn did not answer on port {self.port}:\n{log}")

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"


def score_without(report: dict, category: str, audit_id: str) -> int:
    """The category's score (0-100) as Lighthouse computes it (the weighted mean of its
    audits' scores; not-applicable, manual and informative audits weigh 0), one audit aside."""
    refs = [
        ref
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and ref["id"] != audit_id
    ]
    total = sum(ref["weight"] for ref in refs)
    scored = sum(ref["weight"] * (report["audits"][ref["id"]]["score"] or 0) for ref in refs)
    return round(scored / total * 100)


def lighthouse_scores(url: str, preset: str) -> dict[str, int]:
    """One Lighthouse run: {category: score 0-100}, and SEO with the indexing audit aside."""
    completed = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            *PRESETS[preset],
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
    report = json.loads(completed.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores[SEO_INDEXING_ASIDE] = score_without(report, "seo", INDEXING_AUDIT)
    return scores


def scores_with_retries(url: str, preset: str, attempts: int = 3) -> dict[str, int]:
    """Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART):
    such a run is tried again."""
    for _ in range(attempts - 1):
        try:
            return lighthouse_scores(url, preset)
        except BenchError:
            pass
    return lighthouse_scores(url, preset)


def held_to_target(page: Page, column: str) -> bool:
    """A noindex page is held to the SEO target with the indexing audit aside only."""
    return not (page.noindex and column == "seo")


def misses(page: Page, column: str, score: int) -> bool:
    return held_to_target(page, column) and score < TARGETS[column]


def score_cell(page: Page, column: str, score: int) -> str:
    if not held_to_target(page, column):
        return f"{score} (noindex)"
    return f"{score} <" if misses(page, column, score) else f"{score}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="storefront_lighthouse")
    parser.add_argument("--runs", type=int, default=1, help="runs per page and preset")
    parser.add_argument("--json", default="bench/results/lighthouse.json")
    args = parser.parse_args()

    def progress(message: str) -> None:
        print(f"[lighthouse] {message}", file=sys.stderr, flush=True)

    if not LIGHTHOUSE.is_file() or not Path(CHROMIUM).is_file():
        raise BenchError(f"needs {LIGHTHOUSE} (`make node-tools`) and Chromium at {CHROMIUM}")
    machine = machine_facts()  # the load average before anything runs
    database_url, pages = prepare_shop(args.database, progress)
    port = free_port()
    env = production_environment(database_url, port)
    progress("collectstatic with the production settings")
    collect_static(env)
    rows, results = [], []
    with ProductionServer(env, port) as server:
        for page in pages:  # a first view fills the caches, outside the measurements
            urllib.request.urlopen(server.base_url + page.path, timeout=120).close()
        for preset in PRESETS:
            for page in pages:
                progress(f"{preset}: {page.name}")
                url = server.base_url + page.path
                runs = [scores_with_retries(url, preset) for _ in range(args.runs)]
                scores = {c: round(statistics.median(run[c] for run in runs)) for c in COLUMNS}
                results.append(
                    {
                        "preset": preset,
                        "page": page.name,
                        "path": page.path,
                        "noindex": page.noindex,
                        **scores,
                        "missed": [c for c in COLUMNS if misses(page, c, scores[c])],
                    }
                )
                rows.append([preset, page.name, *(score_cell(page, c, scores[c]) for c in COLUMNS)])
    print(format_table(["preset", "page", *COLUMNS], rows))
    write_json(
        args.json,
        {"machine": machine, "runs": args.runs, "targets": TARGETS, "scores": results},
    )
    progress(f"figures written to {args.json}")
    missed = [row for row in results if row["missed"]]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
