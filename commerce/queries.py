"""Small helpers for reads made on every request (the checkout's, the shopper's header)."""

from collections.abc import Callable
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet


def unique_row(queryset: QuerySet):
    """The row of `queryset` or None, for a queryset filtered on a unique key (at most one row
    can match). Unlike `.first()` it adds no ORDER BY: ordering rows that cannot be several
    was a fifth of the CPU of such a read."""
    return next(iter(queryset[:1]), None)


class PreparedRead:
    """A small read made on nearly every page for a shopper (the header's cart count, the
    "save to list" menu), its SQL built from a queryset once per process instead of on every
    request: building a small query's SQL was most of the Python work of reading it (about
    900 calls, against about 100 to run it and read the rows).

    `build(value)` makes the queryset for one value (an account id, a guest token); it is
    built once with `slot`, a value no request passes, whose place in the parameters then
    takes each request's value. The queryset must use the value as exactly one parameter.
    """

    def __init__(self, build: Callable[[object], QuerySet], slot: object):
        self._build = build
        self._slot = slot

    @cached_property
    def _compiled(self) -> tuple[str, tuple, int]:
        sql, params = self._build(self._slot).query.sql_with_params()
        places = [index for index, param in enumerate(params) if param == self._slot]
        if len(places) != 1:
            raise ImproperlyConfigured(f"the prepared read uses its value {len(places)} times")
        return sql, tuple(params), places[0]

    def rows(self, value) -> list[tuple]:
        sql, params, place = self._compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params[:place], value, *params[place + 1 :]))
            return cursor.fetchall()
