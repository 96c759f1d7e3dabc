"""A cached page never outlives the nearest banner expiry: `publish_scheduled` runs only every
few minutes, and no signal says that an expiry time has passed."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from storefront import page_cache
from tests.home.builders import make_banner

pytestmark = pytest.mark.django_db


def test_pages_are_kept_no_longer_than_until_the_next_banner_expiry(settings, image_factory):
    settings.PAGE_CACHE_SECONDS = 600
    assert page_cache._timeout() == 600  # no banner: the configured time

    make_banner(image_factory("spring"), expire_at=timezone.now() + timedelta(seconds=90))
    assert 80 <= page_cache._timeout() <= 90

    make_banner(image_factory("old"), name="Old", expire_at=timezone.now() + timedelta(days=2))
    assert 80 <= page_cache._timeout() <= 90  # the nearest counts


def test_a_banner_published_after_pages_were_stored_limits_the_pages_stored_next(
    settings, image_factory, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    before, _ = page_cache._version_and_page("page-cache:any")
    assert page_cache._timeout(before) == 600  # kept for this version: no banner expires

    with django_capture_on_commit_callbacks(execute=True):
        make_banner(image_factory("spring"), expire_at=timezone.now() + timedelta(seconds=90))

    after, _ = page_cache._version_and_page("page-cache:any")
    assert after != before  # publishing moved the version on...
    assert 80 <= page_cache._timeout(after) <= 90  # ...so the new expiry is asked for


def test_the_nearest_deadline_is_asked_once_per_version_until_it_passes(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    asked = []

    def half_a_second_away():
        asked.append(1)
        return 0.5

    monkeypatch.setattr(page_cache, "_deadlines", [half_a_second_away])
    assert page_cache._timeout("v1") == 1  # never less than a second
    page_cache._timeout("v1")
    assert len(asked) == 1
    page_cache._timeout("v2")
    assert len(asked) == 2
    time.sleep(0.6)
    page_cache._timeout("v2")  # its deadline has passed: the next one is asked for
    assert len(asked) == 3


def test_the_kept_deadline_is_asked_again_after_a_minute_whatever_the_version(
    settings, monkeypatch
):
    """Should moving the version on fail (logged, not raised), a new banner still counts."""
    settings.PAGE_CACHE_SECONDS = 600
    asked = []
    monkeypatch.setattr(page_cache, "_deadlines", [lambda: asked.append(1)])
    page_cache._timeout("v1")
    page_cache._timeout("v1")
    assert len(asked) == 1
    monkeypatch.setattr(page_cache, "DEADLINE_KEPT_SECONDS", 0)
    page_cache._timeout("v1")
    assert len(asked) == 2
