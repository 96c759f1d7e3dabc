"""Staff are logged out of the admin by POST only: Wagtail's logout view answers 405 to GET but
deletes the session cookie anyway, so a link or an image on any page could log them out."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

LOGOUT_URL = "/admin/logout/"


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT"])
def test_logging_out_by_anything_but_post_is_refused_and_keeps_the_session(admin_client, method):
    response = admin_client.generic(method, LOGOUT_URL)

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert admin_client.get("/admin/").status_code == 200
    assert (response.status_code, response["Allow"]) == (405, "POST")


def test_logging_out_by_post_ends_the_session(admin_client):
    response = admin_client.post(LOGOUT_URL)

    assert (response.status_code, response["Location"]) == (302, "/admin/login/")
    assert admin_client.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert admin_client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_logging_out_by_post_needs_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    assert client.post(LOGOUT_URL).status_code == 403
    assert client.get("/admin/").status_code == 200
