"""Cursor pagination over (updated_at, id): stable while rows change, and `updated_since`
lets a client fetch only what changed since its last run. The cursor is opaque to clients."""

import base64
import json
from datetime import UTC, datetime

from django.db.models import Q, QuerySet

from commerce.api.errors import ApiError

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def encode_cursor(updated_at: datetime, pk: int) -> str:
    raw = json.dumps([updated_at.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, pk = json.loads(raw)
        position = datetime.fromisoformat(stamp), int(pk)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise ApiError(400, "invalid_cursor", "The cursor is not one this API gave out.") from None
    if position[0].tzinfo is None or not 0 < position[1] < 2**63:
        raise ApiError(400, "invalid_cursor", "The cursor is not one this API gave out.")
    return position


def aware(moment: datetime | None) -> datetime | None:
    """The time in UTC; one without a zone is read as UTC. (PostgreSQL refuses offsets
    beyond 15:59 that Python accepts, so the offset never reaches it.)"""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        problem = {"code": "out_of_range", "message": "Out of range.", "path": "$.updated_since"}
        raise ApiError(422, "invalid", "updated_since is out of range.", errors=[problem]) from None


def page(
    queryset: QuerySet, *, cursor: str | None, updated_since: datetime | None, limit: int
) -> tuple[list, str | None]:
    """One page of `queryset` in (updated_at, id) order, and the cursor of the next page
    (None on the last)."""
    queryset = queryset.order_by("updated_at", "pk")
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=aware(updated_since))
    if cursor:
        stamp, pk = decode_cursor(cursor)
        queryset = queryset.filter(Q(updated_at__gt=stamp) | Q(updated_at=stamp, pk__gt=pk))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1].updated_at, rows[-1].pk)
