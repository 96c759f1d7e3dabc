"""Signing webhook bodies: HMAC-SHA256 over "<timestamp>.<body>" with the subscription's
secret, so a receiver can prove the body came from us and is recent (docs/api.md)."""

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "Webhook-Signature"
TIMESTAMP_HEADER = "Webhook-Timestamp"


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: str) -> str:
    message = f"{timestamp}.{body}".encode()
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_valid(secret: str, timestamp: int, body: str, header: str) -> bool:
    return hmac.compare_digest(signature(secret, timestamp, body), header)
