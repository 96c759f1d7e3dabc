"""`Idempotency-Key`: a write retried with the same key (by the same token, within 24 hours)
gets the first answer again instead of being applied twice. The key's row is inserted first,
in the same transaction as the write, so a concurrent retry waits for the first to finish."""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from commerce.api.errors import ApiError, error_body
from commerce.api.models import IdempotentResponse

KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 100


def _fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def run_once(request, produce: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """`produce()` once per Idempotency-Key; a write's ApiError is an answer like any other."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return _answer(request, produce)
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise ApiError(400, "invalid_idempotency_key", "Idempotency-Key: 1-100 printable chars.")
    token = request.auth
    fingerprint = _fingerprint(request)
    IdempotentResponse.objects.filter(
        token=token, created_at__lt=timezone.now() - KEEP_FOR
    ).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotentResponse.objects.create(
                    token=token, key=key, fingerprint=fingerprint, status=0, body={}
                )
        except IntegrityError:
            record = None  # another request with this key committed first
        if record is not None:
            status, body = _answer(request, produce)
            record.status, record.body = status, json.loads(json.dumps(body, default=str))
            record.save(update_fields=["status", "body"])
            return status, body
    earlier = IdempotentResponse.objects.get(token=token, key=key)
    if earlier.fingerprint != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used for a different request.",
        )
    return earlier.status, earlier.body


def _answer(request, produce) -> tuple[int, dict]:
    try:
        return produce()
    except ApiError as error:
        return error.status, error_body(request, error.code, error.message, **error.extra)
