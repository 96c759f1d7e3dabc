"""The database cache used without Redis: `set` is one statement, and the table is still kept
within MAX_ENTRIES, dropping expired entries first, then those nearest their expiry."""

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def statements(queries) -> list[str]:
    """The statements run, without the savepoint around them (tests run in a transaction)."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_a_set_stores_and_overwrites_values_with_one_statement():
    cache = table_cache()
    cache.set("first", "checks the table's size")  # the first set of a process counts rows
    with CaptureQueriesContext(connection) as queries:
        cache.set("page", ("v1", "<html>old</html>"), 600)
        cache.set("page", ("v1", "<html>new</html>"), 600)
    assert [sql.split()[0] for sql in statements(queries)] == ["INSERT", "INSERT"]
    assert cache.get("page") == ("v1", "<html>new</html>")
    cache.set("forever", 1, None)
    assert cache.get("forever") == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_set_is_one_query(django_assert_num_queries):
    """As the page cache stores a page: after the view, in autocommit."""
    cache = table_cache()
    try:
        cache.set("first", "checks the table's size")
        with django_assert_num_queries(1):
            cache.set("page", "<html></html>", 600)
        assert cache.get("page") == "<html></html>"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {TABLE}")


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


def test_a_key_the_column_cannot_hold_is_not_stored_and_the_transaction_goes_on():
    cache = table_cache()
    with pytest.warns(CacheKeyWarning):  # Django warns of keys over 250 characters
        cache.set("k" * 300, "too long a key for varchar(255)")
        assert cache.get("k" * 300) is None
    cache.set("after", "stored")  # the test's transaction was not broken
    assert cache.get("after") == "stored"
