"""The session engine (site/sessions.py): Django's database sessions, created with one
insert and no look-up first."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront import sessions
from storefront.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_new_session_is_one_insert_and_reads_back():
    store = SessionStore()
    store["cart"] = "abc"
    with CaptureQueriesContext(connection) as captured:
        store.save()

    statements = [query["sql"].split()[0] for query in captured.captured_queries]
    assert statements.count("SELECT") == 0
    assert "INSERT" in statements
    assert SessionStore(store.session_key)["cart"] == "abc"


def test_a_key_already_taken_is_never_reused(monkeypatch):
    first = SessionStore()
    first["owner"] = "first"
    first.save()
    drawn = iter([first.session_key, "n" * 32])
    monkeypatch.setattr(sessions, "get_random_string", lambda *args: next(drawn))

    second = SessionStore()
    second["owner"] = "second"
    second.save()

    assert second.session_key == "n" * 32
    assert SessionStore(first.session_key)["owner"] == "first"
    assert SessionStore(second.session_key)["owner"] == "second"
    assert Session.objects.count() == 2


def saved(**data) -> SessionStore:
    store = SessionStore()
    store.update(data)
    store.save()
    return store


def test_each_session_reads_its_own_data_in_one_query():
    first, second = saved(owner="first"), saved(owner="second")

    with CaptureQueriesContext(connection) as captured:
        assert SessionStore(first.session_key)["owner"] == "first"
    assert SessionStore(second.session_key)["owner"] == "second"
    assert len(captured) == 1


def test_an_expired_or_unknown_session_starts_empty_with_a_new_key():
    expired = saved(owner="gone")
    Session.objects.filter(pk=expired.session_key).update(expire_date=timezone.now())

    for key in (expired.session_key, "u" * 32):
        store = SessionStore(key)
        assert store.get("owner") is None
        assert store.session_key is None
