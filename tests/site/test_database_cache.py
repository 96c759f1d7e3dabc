"""The database cache used without Redis: `set` is one statement, and the table is still kept
within MAX_ENTRIES, dropping expired entries first, then those nearest their expiry."""

import pytest
from django.db import connection

from storefront.database_cache import UpsertDatabaseCache

pytestmark = pytest.mark.django_db

TABLE = "test_upsert_cache"


def table_cache(**options) -> UpsertDatabaseCache:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (cache_key varchar(255) PRIMARY KEY, "
            "value text NOT NULL, expires timestamptz NOT NULL)"
        )
    return UpsertDatabaseCache(TABLE, {"OPTIONS": options})


def stored_keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {TABLE}")
        return {key.split(":")[-1] for (key,) in cursor.fetchall()}


def test_a_set_stores_and_overwrites_values(django_assert_num_queries):
    cache = table_cache()
    cache.set("first", "checks the table's size")  # the first set of a process counts rows
    with django_assert_num_queries(1):
        cache.set("page", ("v1", "<html>old</html>"), 600)
    with django_assert_num_queries(1):
        cache.set("page", ("v1", "<html>new</html>"), 600)
    assert cache.get("page") == ("v1", "<html>new</html>")
    cache.set("forever", 1, None)
    assert cache.get("forever") == 1


def test_an_expired_value_is_not_read_and_add_still_refuses_a_live_key():
    cache = table_cache()
    cache.set("gone", "old", -1)
    assert cache.get("gone") is None
    assert cache.add("gone", "new")  # an expired key counts as free
    assert not cache.add("gone", "newer")
    assert cache.get("gone") == "new"


def test_the_table_is_cut_back_expired_and_soonest_expiring_first():
    cache = table_cache(MAX_ENTRIES=6, CULL_EVERY=1, CULL_FREQUENCY=2)
    cache.set("expired", 0, -1)
    for number in range(6):
        cache.set(f"soon-{number}", number, 60 + number)
    for number in range(2):
        cache.set(f"late-{number}", number, 3600)
    # The last two sets found 7 rows each: the first dropped the expired one, the second the
    # half of the 7 that expire soonest.
    assert stored_keys() == {"soon-3", "soon-4", "soon-5", "late-0", "late-1"}


def test_between_checks_the_table_may_pass_its_maximum_briefly():
    cache = table_cache(MAX_ENTRIES=2, CULL_EVERY=5)
    for number in range(5):
        cache.set(f"key-{number}", number, 600)
    assert len(stored_keys()) == 5  # only the first set (with one row) looked at the size
    cache.set("key-5", 5, 600)  # the sixth set checks: 5 rows > 2, a third cut, then stored
    assert len(stored_keys()) == 5
    assert "key-5" in stored_keys()
