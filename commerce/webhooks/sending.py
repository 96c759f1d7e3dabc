"""One outbound POST: http(s) only, short timeouts, redirects never followed, no proxy
from the environment. Returns what happened instead of raising."""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

USER_AGENT = "Shop-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    response_code: int | None
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is the receiver's answer (a failure), not a place to go: following it would
    send the body to a host staff never entered."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)


def post(url: str, body: str, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()

    def outcome(code=None, error=""):
        elapsed = round((time.monotonic() - started) * 1000)
        return Outcome(code, error[:300], elapsed)

    if urlsplit(url).scheme not in ("http", "https"):
        return outcome(error="Only http and https URLs are called.")
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return outcome(response.status)
    except urllib.error.HTTPError as error:
        return outcome(error.code, f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return outcome(error=f"{type(error).__name__}: {reason}")
