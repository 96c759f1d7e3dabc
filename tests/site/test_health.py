"""`/healthz` tells a load balancer whether this app server can reach its database and cache:
only a failing database takes it out of rotation (503); a failing cache is reported with 200."""

import pytest

from storefront import health

pytestmark = pytest.mark.django_db


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    def get(self, *args, **kwargs):
        raise ConnectionError("Redis is down")


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_cache_is_reported_but_keeps_the_server_in_rotation(client, monkeypatch):
    monkeypatch.setattr(health, "cache", BrokenCache())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "failing"}


def test_a_failing_database_is_reported(client, monkeypatch):
    def unreachable():
        raise OSError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "failing", "cache": "ok"}


def test_only_reads(client):
    assert client.post("/healthz").status_code == 405
