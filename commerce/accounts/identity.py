"""How an account is named: a shopper's username is their e-mail address, lower-cased, so the
database's unique username makes e-mail addresses unique case-insensitively."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS

from commerce.queries import PreparedRead

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


def _account_fields() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


# Built once per process (commerce.queries.PreparedRead): read on every request of a
# logged-in shopper.
_ACCOUNT_ROW = PreparedRead(
    lambda pk: get_user_model()._default_manager.filter(pk=pk).values_list(*_account_fields()),
    slot=-1,
)


def session_account(user_id):
    """The account with this id (as a session keeps it), or None: what `ModelBackend`'s
    `get_user` reads, the whole row, with one query."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = _ACCOUNT_ROW.rows(pk)
    return model.from_db(DEFAULT_DB_ALIAS, _account_fields(), rows[0]) if rows else None
