"""What both benchmark scripts share, with the standard library only: the gunicorn server,
HTTP requests, a load runner at a fixed concurrency, statistics, tables and a description of
the machine.

The load comes from threads in the benchmark's own process (one connection per request, as
gunicorn's sync workers close every connection). On a small machine the client takes CPU from
the server, which is why every figure is printed beside a ceiling measured the same way.
"""

import http.client
import json
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# The ceiling view (bench/server.py): a Django view that does no work.
HELLO_PATH = "/__bench__/hello/"
# The response header with the request's SQL queries (bench/server.py).
QUERY_COUNT_HEADER = "X-Bench-Queries"


class BenchError(Exception):
    """The benchmark cannot run here (the message says why)."""


# --- Statistics -----------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Latency:
    """Milliseconds: median and p95 of the samples."""

    count: int
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, samples_ms: list[float]) -> "Latency | None":
        if not samples_ms:
            return None
        return cls(
            len(samples_ms),
            round(statistics.median(samples_ms), 2),
            round(percentile(samples_ms, 0.95), 2),
        )


def ratio(value: float | None, ceiling: float | None) -> float | None:
    if value is None or not ceiling:
        return None
    return round(value / ceiling, 4)


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class GunicornServer:
    """`gunicorn storefront.wsgi` with `bench.settings` on a free loopback port, sync workers,
    the given database (and any other `environment` variables, e.g. `PAGE_CACHE_SECONDS`).

    A context manager: started and listening inside the `with`, stopped (SIGTERM, then
    SIGKILL) after it. The server's own messages go to a temporary log file, shown in the
    error when it does not start.
    """

    def __init__(
        self,
        *,
        database_url: str,
        workers: int = 2,
        environment: dict | None = None,
        timeout: float = 60,
    ):
        self.database_url = database_url
        self.workers = workers
        self.environment = environment or {}
        self.timeout = timeout
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._log = None

    def __enter__(self) -> "GunicornServer":
        self._log = tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": self.database_url,
            "DEBUG": "false",
            **self.environment,
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "storefront.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "120",
            "--preload",
            "--backlog",
            "2048",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_answering()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped at start-up:\n{self.log_text()}")
            try:
                # Each worker imports Django on start; one answer means one worker is ready.
                if get(self.port, HELLO_PATH, timeout=5).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer on port {self.port}:\n{self.log_text()}")

    def log_text(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text()[-4000:]

    def errors_logged(self) -> str:
        """The server's log from its first error on (a request's traceback), or ''."""
        self._log.flush()
        text = Path(self._log.name).read_text()
        marks = ("Internal Server Error", "Traceback", "[ERROR]", "[CRITICAL]")
        first = min((at for at in map(text.find, marks) if at >= 0), default=-1)
        return "" if first < 0 else text[first : first + 20_000]

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self._log is not None:
            self._log.close()


# --- HTTP -----------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 60,
) -> Response:
    """One request on a fresh connection; redirects are not followed."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


def get(port: int, path: str, **options) -> Response:
    return request(port, "GET", path, **options)


QUERY_SAMPLES = 6  # requests whose SQL queries are counted (the most common count is shown)


def warm_query_counts(port: int, path: str, first: "Response", **options) -> list[int]:
    """The SQL query counts of `first` and of `QUERY_SAMPLES - 1` more GETs of `path`.

    One request's count may come from a worker that has not served the page yet, or whose
    per-process copies (menus, filters: commerce.caching, 30 s) just expired: those add their
    reads. Tables show the most common count (`statistics.mode`); the JSON keeps each."""
    answers = [first] + [get(port, path, **options) for _ in range(QUERY_SAMPLES - 1)]
    counts = [answer.header(QUERY_COUNT_HEADER) for answer in answers]
    return [int(count) for count in counts if count is not None]


def quick_get(port: int, path: str, *, timeout: float = 60, cookie: str = "") -> int:
    """GET on a raw socket, reading to the end; returns the status code (0 when the answer
    is not HTTP). For load: `http.client` parses every header in Python, which on a small
    machine takes CPU the server would otherwise have. `cookie`: a Cookie header's value
    (a logged-in shopper's session)."""
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    message = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n{extra}Connection: close\r\n\r\n"
    with socket.create_connection((HOST, port), timeout=timeout) as connection:
        connection.sendall(message.encode())
        head = connection.recv(65536)
        while connection.recv(65536):
            pass
    parts = head.split(b" ", 2)
    return int(parts[1]) if len(parts) > 2 and parts[0].startswith(b"HTTP/") else 0


# --- Load -----------------------------------------------------------------------------------


@dataclass
class LoadResult:
    """What `run_load` measured: completed calls, failures, wall time and each call's time."""

    concurrency: int
    seconds: float
    completed: int
    failed: int
    samples_ms: list[float] = field(default_factory=list, repr=False)
    errors: list[str] = field(default_factory=list, repr=False)

    @property
    def per_second(self) -> float:
        return round(self.completed / self.seconds, 1) if self.seconds else 0.0

    @property
    def latency(self) -> Latency | None:
        return Latency.of(self.samples_ms)


def run_load(
    call: Callable[[int, int], bool],
    *,
    concurrency: int,
    seconds: float | None = None,
    calls_per_worker: int | None = None,
) -> LoadResult:
    """Run `call(worker, number)` in `concurrency` threads released together, each calling
    again as soon as its last call returned, for `seconds` or `calls_per_worker` times.

    A call returns True when it did what it should; False or an exception counts as failed.
    Throughput is completed calls over the wall time from the release to the last return.
    """
    if (seconds is None) == (calls_per_worker is None):
        raise ValueError("give seconds or calls_per_worker")
    barrier = threading.Barrier(concurrency + 1)
    lock = threading.Lock()
    result = LoadResult(concurrency=concurrency, seconds=0.0, completed=0, failed=0)
    deadline = [0.0]

    def worker(index: int) -> None:
        barrier.wait()
        number = 0
        while True:
            if calls_per_worker is not None and number >= calls_per_worker:
                return
            if seconds is not None and time.perf_counter() >= deadline[0]:
                return
            started = time.perf_counter()
            try:
                ok, error = bool(call(index, number)), ""
            except Exception as exc:  # counted and reported, the others go on
                ok, error = False, f"{type(exc).__name__}: {exc}"[:300]
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    result.completed += 1
                    result.samples_ms.append(elapsed)
                else:
                    result.failed += 1
                    if error and len(result.errors) < 20:
                        result.errors.append(error)
            number += 1

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + (seconds or 0)
    barrier.wait()
    for thread in threads:
        thread.join()
    result.seconds = round(time.perf_counter() - started, 3)
    return result


# --- The machine ----------------------------------------------------------------------------


def load_average() -> list[float]:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def machine_facts() -> dict:
    """CPU, memory and software: what RESULTS.md describes the machine with."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": memory_gib,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average_at_start": load_average(),
    }


# --- Output ---------------------------------------------------------------------------------


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return " | ".join([first, *rest]).rstrip()

    separator = "-+-".join("-" * width for width in widths)
    return "\n".join([line(headers), separator, *(line(row) for row in rows)])


def cell(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def times(value: float | None) -> str:
    """A ratio as 'n.n×' (how many times the ceiling)."""
    return "-" if value is None else f"{value:,.1f}×"


def share(value: float | None) -> str:
    """A ratio as a percentage of the ceiling."""
    return "-" if value is None else f"{value * 100:.1f}%"


def write_json(path: str | Path, data: dict) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def add_server_arguments(parser) -> None:
    """--products, --variants, --categories, --database and --workers: the same in every
    script that serves a generated catalog through gunicorn."""
    parser.add_argument("--products", type=int, default=1000, help="generated catalog size")
    parser.add_argument(
        "--variants", type=int, default=1, help="each product gets 1 to N variants (sizes)"
    )
    parser.add_argument("--categories", type=int, default=300)
    parser.add_argument(
        "--database",
        help="benchmark database (default storefront_bench_<products>, _v<N> with variants)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")


def progress_printer(quiet: bool):
    """What the scripts call with each progress line: stderr, or nothing with --quiet."""

    def progress(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr, flush=True)

    return progress


def default_paths(args, script: str) -> None:
    """The database and JSON file a script uses unless told: both named after the size."""
    size = f"{args.products}" + (f"_v{args.variants}" if args.variants > 1 else "")
    args.database = args.database or f"storefront_bench_{size}"
    args.json = args.json or str(PROJECT_ROOT / f"bench/results/{script}-{size}.json")


def write_results(path, benchmark: str, args, settings: tuple[str, ...], **figures) -> None:
    """A script's JSON: its name, the `settings` it ran with (attributes of `args`), then
    `figures` (machine, catalog, results) in the order given."""
    chosen = {key: getattr(args, key) for key in settings}
    write_json(path, {"benchmark": benchmark, "settings": chosen, **figures})


def page_columns(concurrency: int) -> list[tuple[str, object]]:
    """The columns every page table starts with: (header, the cell of one page's figures)."""
    return [
        ("median ms", lambda figures: cell(figures["latency"]["median_ms"])),
        ("p95 ms", lambda figures: cell(figures["latency"]["p95_ms"])),
        ("× ceiling", lambda figures: times(figures.get("vs_ceiling", {}).get("median_latency"))),
        (f"req/s @{concurrency}", lambda figures: cell(figures["load"]["per_second"])),
        ("of ceiling", lambda figures: share(figures.get("vs_ceiling", {}).get("throughput"))),
    ]


def page_table(results: list[dict], columns: list[tuple[str, object]]) -> str:
    """One row per page (its name, then `columns`), or its error across the row."""
    headers = ["page", *(header for header, _ in columns)]
    rows = [
        [figures["name"], figures["error"], *["-"] * (len(headers) - 2)]
        if figures.get("error")
        else [figures["name"], *(value(figures) for _, value in columns)]
        for figures in results
    ]
    return format_table(headers, rows)
