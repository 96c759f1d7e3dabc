"""One outbound POST: http(s) only, redirects never followed, no proxy from the environment,
and one deadline for the whole attempt. Returns what happened instead of raising.

The deadline (`WEBHOOK_TIMEOUT_SECONDS` from the start) bounds every step together: looking
up the host, connecting, the TLS handshake, sending, and reading the status line and headers.
Each blocking socket call gets only the time left, so a receiver that drips its answer a
byte at a time cannot hold an attempt past the deadline (a per-socket timeout alone restarts
with every byte). The answer is its status: the body is never read, the connection is closed
once the headers are in (their size is capped by `http.client`: 100 lines of 64 KiB)."""

import http.client
import io
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

USER_AGENT = "Shop-Webhooks/1"

# Host lookups run here, so that one the resolver is slow to answer is given up at the
# deadline (getaddrinfo itself cannot be interrupted; its thread finishes in the background).
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="webhook-dns")


@dataclass(frozen=True)
class Outcome:
    response_code: int | None
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class Deadline:
    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; TimeoutError once there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        return left


def post(url: str, body: str, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()
    deadline = Deadline(settings.WEBHOOK_TIMEOUT_SECONDS)

    def outcome(code=None, error=""):
        elapsed = round((time.monotonic() - started) * 1000)
        return Outcome(code, error[:300], elapsed)

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return outcome(error="Only http and https URLs are called.")
    connection = None
    try:
        connection = _connection(parts, deadline)
        connection.connect()
        connection.sock = _DeadlineSocket(connection.sock, deadline)
        connection.request(
            "POST",
            (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
            body=body.encode(),
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Connection": "close",
                **headers,
            },
        )
        status = connection.getresponse().status  # the status line and headers only
    except (OSError, http.client.HTTPException, ValueError) as error:
        return outcome(error=f"{type(error).__name__}: {error}")
    finally:
        if connection is not None:
            connection.close()
    return outcome(status, "" if 200 <= status < 300 else f"HTTP {status}")


def _connection(parts, deadline: Deadline) -> http.client.HTTPConnection:
    host, port = parts.hostname, parts.port  # .port: ValueError for a bad one
    if not host:
        raise ValueError("The URL has no host.")
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            host, port, timeout=deadline.left(), context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=deadline.left())

    def create_connection(address, timeout=None, source_address=None):
        """`socket.create_connection` within the deadline, lookup included; the socket
        leaves with the time left as its timeout (the TLS handshake's, in CPython a limit
        for the whole handshake)."""
        lookup = _resolver.submit(socket.getaddrinfo, address[0], address[1], 0, socket.SOCK_STREAM)
        try:
            addresses = lookup.result(timeout=deadline.left())
        except TimeoutError:
            raise TimeoutError(f"timed out looking up {address[0]}") from None
        error = OSError(f"No address for {address[0]}.")
        for family, kind, proto, _name, sockaddr in addresses:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(deadline.left())
                sock.connect(sockaddr)
                sock.settimeout(deadline.left())
                return sock
            except OSError as failed:
                sock.close()
                error = failed
        raise error

    connection._create_connection = create_connection
    return connection


class _DeadlineSocket:
    """The connected (TLS) socket as `http.client` uses it, each send and receive given only
    the time left."""

    def __init__(self, sock, deadline: Deadline):
        self._sock, self._deadline = sock, deadline

    def sendall(self, data) -> None:
        self._sock.settimeout(self._deadline.left())
        self._sock.sendall(data)  # one limit for the whole call (CPython)

    def makefile(self, mode="rb", *args, **kwargs):
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self) -> None:
        self._sock.close()


class _DeadlineReader(io.RawIOBase):
    def __init__(self, sock, deadline: Deadline):
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._sock.settimeout(self._deadline.left())
        return self._sock.recv_into(buffer)
