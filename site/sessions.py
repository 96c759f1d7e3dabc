"""The session engine: Django's database sessions, without the look-up before a new one.

Every new guest creates a session. Django first asks the database whether a fresh random key
is taken, then inserts it with `must_create` anyway; the insert alone decides (a key already
taken, never met in practice with 32 random characters, raises `CreateError`, and
`create()` draws another, as its loop always did). One query fewer per new visitor.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from commerce.queries import PreparedRead


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)

    def _get_session_from_db(self):
        """The session's row, or None (and no key) when there is none or it has expired, as
        Django reads it; the SQL is built once per process (`commerce.queries.PreparedRead`):
        this read is made on every request of a shopper with a session."""
        rows = _SESSION_ROW.rows(self.session_key)
        if rows and rows[0][1] > timezone.now():
            data, expire_date = rows[0]
            return self.model(
                session_key=self.session_key, session_data=data, expire_date=expire_date
            )
        self._session_key = None
        return None


_SESSION_ROW = PreparedRead(
    lambda key: Session.objects.filter(session_key=key).values_list("session_data", "expire_date"),
    slot="\x00session key\x00",
)
