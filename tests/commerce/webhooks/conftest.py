"""A real HTTP receiver on loopback, and a task backend that keeps deferred retries for the
test to run."""

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from commerce.webhooks.services import create_subscription


@dataclass
class Received:
    path: str
    headers: dict
    body: str

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # Status codes to answer, in turn; 200 once they run out. ("slow", s) sleeps s first.
    answers: list = field(default_factory=list)


@pytest.fixture
def receiver():
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            state.requests.append(Received(self.path, dict(self.headers), body))
            answer = state.answers.pop(0) if state.answers else 200
            if isinstance(answer, tuple):
                time.sleep(answer[1])
                answer = 200
            self.send_response(answer)
            if answer in (301, 302, 307, 308):
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url():
    """A loopback URL nothing listens on (the port was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"


@pytest.fixture
def subscribe(db):
    """A subscription staff made (its host is allowed)."""

    def make(url, *events, name="ERP", **fields):
        return create_subscription(
            name=name, url=url, events=list(events), entered_by_staff=True, **fields
        )

    return make


@pytest.fixture
def deferred_tasks(django_capture_on_commit_callbacks):
    """Tasks are queued (after commit: `with deferred_tasks.commit():`), not run;
    `run_next()` runs the oldest one waiting."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        default_task_backend.clear()

        class Queue:
            @property
            def waiting(self):
                return list(default_task_backend.results)

            def commit(self):
                return django_capture_on_commit_callbacks(execute=True)

            def run_next(self):
                result = default_task_backend.results.pop(0)
                with self.commit():
                    return result.task.call(*result.args, **result.kwargs)

        yield Queue()


@dataclass
class Drip:
    url: str
    # Sent at once after the request is read, then `dripped` one byte every `gap` seconds.
    at_once: bytes = b""
    dripped: bytes = b""
    gap: float = 0.1
    requests: int = 0


@pytest.fixture
def drip_receiver():
    """A loopback receiver that reads the request, then answers slowly: a per-socket timeout
    never fires while bytes keep coming."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    state = Drip(url=f"http://127.0.0.1:{listener.getsockname()[1]}/hooks")
    stop = threading.Event()

    def answer(conn):
        with conn:
            conn.settimeout(5)
            received = b""
            while b"\r\n\r\n" not in received:
                received += conn.recv(65536)
            head, _, body = received.partition(b"\r\n\r\n")
            length = int(
                next(
                    line
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ).split(b":")[1]
            )
            while len(body) < length:
                body += conn.recv(65536)
            state.requests += 1
            try:
                conn.sendall(state.at_once)
                for byte in state.dripped:
                    if stop.wait(state.gap):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:  # the sender hung up
                return

    def serve():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield state
    stop.set()
    thread.join()
    listener.close()
