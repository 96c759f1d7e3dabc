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
