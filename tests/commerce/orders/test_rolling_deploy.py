"""`migrate` runs before the new release serves (README, "Production"), so for a while the
release before writes to the new schema: a column it does not know must have a default in the
database, or its every order would fail with a NOT NULL violation."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# Columns added to orders after the first release, with the default the database must give.
ADDED_LATER = {("orders_order", "carrier"): "", ("orders_order", "tracking_number"): ""}


@pytest.mark.parametrize(("table", "column"), list(ADDED_LATER))
def test_an_order_written_by_the_release_before_gets_the_database_default(table, column):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_nullable, column_default IS NOT NULL FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            [table, column],
        )
        nullable, has_default = cursor.fetchone()
    assert nullable == "YES" or has_default, f"{table}.{column} needs a database default"
