"""Browsers and tools ask for /favicon.ico whatever the page links to (the admin, a JSON or
image opened on its own): WhiteNoise answers it from static/root/, so no console shows a 404."""

from pathlib import Path

from django.conf import settings


def test_favicon_ico_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content)
    assert body == (Path(settings.BASE_DIR) / "static/root/favicon.ico").read_bytes()
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file, not a page
