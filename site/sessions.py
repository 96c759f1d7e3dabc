"""The session engine: Django's database sessions, without the look-up before a new one.

Every new guest creates a session. Django first asks the database whether a fresh random key
is taken, then inserts it with `must_create` anyway; the insert alone decides (a key already
taken, never met in practice with 32 random characters, raises `CreateError`, and
`create()` draws another, as its loop always did). One query fewer per new visitor.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)
