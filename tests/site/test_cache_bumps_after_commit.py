"""What committed stays done and answered: a cache that cannot be told about a change (its
table locked, Redis gone mid-write) is logged after the commit, never raised into the request
whose writes committed (a placed order answered HTTP 500 once under load)."""

import logging

import pytest
from django.db import DatabaseError, transaction

from commerce.catalog import generation
from storefront import page_cache

pytestmark = pytest.mark.django_db(transaction=True)


def broken(*args, **kwargs):
    raise DatabaseError("cache table locked")


def test_a_page_cache_that_cannot_be_bumped_after_commit_is_logged(monkeypatch, caplog):
    monkeypatch.setattr(page_cache, "page_cache", broken)

    with caplog.at_level(logging.ERROR), transaction.atomic():
        page_cache.invalidate()

    assert "cache table locked" in caplog.text


def test_a_catalog_generation_that_cannot_move_after_commit_is_logged(monkeypatch, caplog):
    with caplog.at_level(logging.ERROR), transaction.atomic():
        generation.advance()  # moves now, and registers the move on commit
        monkeypatch.setattr(generation, "new_token", broken)

    assert "cache table locked" in caplog.text
