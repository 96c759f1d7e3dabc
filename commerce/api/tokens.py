"""Issuing, finding and revoking API tokens."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from commerce.api.models import ApiToken

PREFIX_LENGTH = 8
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(token: ApiToken, *, created_by=None) -> str:
    """Give an unsaved token its secret and save it; return the full token (shown once)."""
    while True:
        raw = secrets.token_urlsafe(32)
        prefix = raw[:PREFIX_LENGTH]
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token.prefix = prefix
    token.secret_hash = _hash(raw)
    token.created_by = created_by
    token.save()
    return raw


def create_api_token(*, name: str, scopes: list[str], created_by=None, expires_at=None) -> str:
    return issue_token(
        ApiToken(name=name, scopes=sorted(set(scopes)), expires_at=expires_at),
        created_by=created_by,
    )


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def find_valid_token(raw: str) -> ApiToken | None:
    """The token `raw` stands for, if it exists, matches, and is neither expired nor
    revoked; its last-used time is refreshed at most once a minute."""
    if not raw or len(raw) > 200 or "\x00" in raw:
        return None
    token = ApiToken.objects.filter(prefix=raw[:PREFIX_LENGTH]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or (token.expires_at and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
