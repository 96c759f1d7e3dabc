"""How an account is named: a shopper's username is their e-mail address, lower-cased, so the
database's unique username makes e-mail addresses unique case-insensitively."""

from django.contrib.auth import get_user_model

USERNAME_MAX_LENGTH = 150  # auth.User.username


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_in_use(email: str, *, exclude_user=None) -> bool:
    """Whether another account has this address as e-mail or username (any case)."""
    key = normalise_email(email)
    users = get_user_model()._default_manager.all()
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.filter(email__iexact=key).exists() or users.filter(username=key).exists()


def find_user(identifier: str):
    """The account for a login name: an exact username first (staff), then a shopper's
    lower-cased address, then a unique case-insensitive e-mail match (accounts made before
    sign-up existed). None when nothing or more than one account matches."""
    identifier = identifier.strip()
    users = get_user_model()._default_manager
    user = users.filter(username=identifier).first()
    if user is not None or "@" not in identifier:
        return user
    key = normalise_email(identifier)
    user = users.filter(username=key).first()
    if user is not None:
        return user
    matches = list(users.filter(email__iexact=key)[:2])
    return matches[0] if len(matches) == 1 else None
