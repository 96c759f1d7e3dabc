"""Signed, expiring links for proving an e-mail address (Django's signing with SECRET_KEY).

A link names the account and the address it was sent to; it stops working once the account's
address changed, so each link works at most once.
"""

from django.core import signing

VERIFY_SALT = "accounts.verify-email"
CHANGE_SALT = "accounts.change-email"
VERIFY_MAX_AGE = 60 * 60 * 24 * 7  # seconds
CHANGE_MAX_AGE = 60 * 60 * 24 * 3


def verification_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFY_SALT)


def read_verification_token(token: str) -> tuple[int, str] | None:
    """(user id, address) or None for a forged, altered or expired token."""
    data = _load(token, VERIFY_SALT, VERIFY_MAX_AGE)
    return (data["u"], data["e"]) if data else None


def email_change_token(user, new_email: str) -> str:
    return signing.dumps(
        {"u": user.pk, "from": user.email.lower(), "to": new_email}, salt=CHANGE_SALT
    )


def read_email_change_token(token: str) -> tuple[int, str, str] | None:
    """(user id, current address, new address) or None."""
    data = _load(token, CHANGE_SALT, CHANGE_MAX_AGE)
    return (data["u"], data["from"], data["to"]) if data else None


def _load(token: str, salt: str, max_age: int) -> dict | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return data if isinstance(data, dict) else None
