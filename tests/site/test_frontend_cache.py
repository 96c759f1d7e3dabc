"""Wagtail's frontend cache invalidation, configured from the environment: publishing a page
purges its URL from the caching proxy in front of the shop."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from storefront.settings.frontend_cache import frontend_cache


class PurgeRecorder(BaseHTTPRequestHandler):
    purged: list[str] = []

    def do_PURGE(self):
        PurgeRecorder.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.purged = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_no_backend_purges_nothing():
    assert frontend_cache("") == {}


def test_backends_are_chosen_by_name(monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "token")
    monkeypatch.setenv("CLOUDFLARE_ZONE_ID", "zone")
    monkeypatch.setenv("CLOUDFRONT_DISTRIBUTION_ID", "E123")
    assert frontend_cache("cloudflare")["default"]["ZONEID"] == "zone"
    assert frontend_cache("cloudfront")["default"]["DISTRIBUTION_ID"] == "E123"


def test_a_missing_or_unknown_setting_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("FRONTEND_CACHE_LOCATION", raising=False)
    with pytest.raises(ImproperlyConfigured, match="FRONTEND_CACHE_LOCATION"):
        frontend_cache("http")
    with pytest.raises(ImproperlyConfigured, match="choose one of cloudflare, cloudfront, http"):
        frontend_cache("fastly")


@pytest.mark.django_db
def test_publishing_a_page_purges_it_from_the_proxy(
    settings, monkeypatch, proxy, home_page, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("FRONTEND_CACHE_LOCATION", proxy)
    settings.WAGTAILFRONTENDCACHE = frontend_cache("http")
    home_page.title = "Spring sale"
    with django_capture_on_commit_callbacks(execute=True):
        home_page.save_revision().publish()
    assert "/" in PurgeRecorder.purged
