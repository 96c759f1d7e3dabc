"""The page cache on the database (no Redis configured): serving a stored page is one query,
the cache's version and the page read together, and storing one is one more."""

import pytest
from django.test import Client

from storefront.page_cache import HEADER
from tests.site.test_database_cache import TABLE, table_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_in_the_database(settings):
    table_cache()  # creates the table
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "storefront.database_cache.UpsertDatabaseCache", "LOCATION": TABLE},
    }


def test_a_stored_page_is_served_with_one_query(product, django_assert_num_queries):
    url = product.get_absolute_url()
    assert Client().get(url)[HEADER] == "miss"
    with django_assert_num_queries(1):
        again = Client().get(url)
    assert again[HEADER] == "hit"
    assert product.name in again.content.decode()


def test_a_page_stored_before_a_change_is_not_served_after_it(
    product, django_capture_on_commit_callbacks
):
    url = product.get_absolute_url()
    Client().get(url)
    product.name = "Renamed road runner"
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    page = Client().get(url)
    assert page[HEADER] == "miss"
    assert "Renamed road runner" in page.content.decode()
    assert Client().get(url)[HEADER] == "hit"


def test_a_page_with_a_long_query_string_is_stored_under_a_short_key(product):
    url = f"{product.get_absolute_url()}?utm_source={'x' * 280}"
    assert Client().get(url)[HEADER] == "miss"
    again = Client().get(url)
    assert again.status_code == 200
    assert again[HEADER] == "hit"
