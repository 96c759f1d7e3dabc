"""Small helpers for reads made on every request (the checkout's, the shopper's header)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Lookup, QuerySet
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError


def unique_row(queryset: QuerySet):
    """The row of `queryset` or None, for a queryset filtered on a unique key (at most one row
    can match). Unlike `.first()` it adds no ORDER BY: ordering rows that cannot be several
    was a fifth of the CPU of such a read."""
    return next(iter(queryset[:1]), None)


BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def _is_bigint(value: int) -> bool:
    return BIGINT_MIN <= value <= BIGINT_MAX


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
    def _prepared(self) -> "_Prepared":
        """Everything made from the queryset, together (threads that race to make it each
        get a consistent set)."""
        queryset = self._build(self._slot)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()  # also fills the compiler's select and klass_info
        places = [index for index, param in enumerate(params) if param == self._slot]
        if len(places) != 1:
            raise ImproperlyConfigured(f"the prepared read uses its value {len(places)} times")
        return _Prepared(compiler, sql, tuple(params), places[0])

    def rows(self, value) -> list[tuple]:
        return self._rows(self._prepared, value)

    @staticmethod
    def _rows(prepared: "_Prepared", value) -> list[tuple]:
        # No row has a key out of PostgreSQL's bigint range, and SQL would refuse it: such a
        # key matches nothing, as the ORM answers too.
        if isinstance(value, int) and not _is_bigint(value):
            return []
        if isinstance(value, list | tuple):  # an InArray list
            value = [item for item in value if not isinstance(item, int) or _is_bigint(item)]
        connection = connections[prepared.compiler.using]
        if prepared.compiler.query.select_for_update and connection.get_autocommit():
            raise TransactionManagementError("a locking read outside a transaction locks nothing")
        params, place = prepared.params, prepared.place
        with connection.cursor() as cursor:
            cursor.execute(prepared.sql, (*params[:place], value, *params[place + 1 :]))
            return cursor.fetchall()


@dataclass(frozen=True)
class _Prepared:
    compiler: object
    sql: str
    params: tuple
    place: int


class PreparedQuery(PreparedRead):
    """A `PreparedRead` that gives model instances, as iterating its queryset would: with the
    rows of `select_related` attached and annotations set (no `prefetch_related`). For the
    reads every checkout step makes (the cart with its checkout, the cart's lines), whose SQL
    cost more Python to build than the rest of the read.

    The row-to-instance mapping is the one Django's own model iterable uses (the compiler's
    `klass_info` and related populators), made once with the SQL."""

    @cached_property
    def _mapping(self):
        prepared = self._prepared
        compiler = prepared.compiler
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [column[0].target.attname for column in compiler.select[start:end]]
        populators = get_related_populators(klass_info, compiler.select, compiler.using)
        return prepared, klass_info["model"], (start, end), init_list, populators

    def objects(self, value) -> list:
        prepared, model, (start, end), init_list, populators = self._mapping
        compiler = prepared.compiler
        instances = []
        for row in compiler.results_iter([self._rows(prepared, value)]):
            instance = model.from_db(compiler.using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def first(self, value):
        """The one instance for `value` (a unique key), or None."""
        return next(iter(self.objects(value)), None)


class InArray(Lookup):
    """`column = ANY(%s::bigint[])`: a list of ids as one parameter, so a read of several rows
    by id can be a prepared read (`IN (%s, %s, ...)` has one parameter per id). Used as a
    filter expression: `.filter(InArray(F("variant_id"), ids))`."""

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, list(self.rhs))


def attach_prefetched(instance, relation: str, objects: list) -> None:
    """Make `instance.<relation>.all()` answer `objects` without a query, as
    `prefetch_related` would have: for relations read by a `PreparedQuery` instead (building
    a prefetch's SQL cost more than running it)."""
    kept = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    kept.pop(relation, None)  # a new queryset: whoever holds the one found before keeps it
    queryset = getattr(instance, relation).get_queryset()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    # Django's name for a prefetched relation is its accessor's (a field's name, a reverse
    # relation's related_name).
    kept[relation] = queryset
