"""A cached page never outlives the nearest banner expiry: `publish_scheduled` runs only every
few minutes, and no signal says that an expiry time has passed."""

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
