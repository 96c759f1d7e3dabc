"""Log in by e-mail address (any case) or, for staff, by username."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from commerce.accounts.identity import find_user, session_account


class EmailOrUsernameBackend(ModelBackend):
    """Django's `ModelBackend` (permissions included) that finds the account by its exact
    username (staff in the Wagtail admin), else by e-mail address case-insensitively.

    `authenticate(request, username=...)` and `authenticate(request, email=...)` both work.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        identifier = email or username or kwargs.get(get_user_model().USERNAME_FIELD)
        if not identifier or password is None:
            return None
        user = find_user(identifier)
        if user is None:
            # Hash anyway, so a wrong address takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """`ModelBackend.get_user` (active accounts only), its read's SQL built once."""
        user = session_account(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for logins over the web (first in AUTHENTICATION_BACKENDS).

    Code that checks credentials without a request (a management command, `client.login` in
    tests) has no client address to count and is not a login attempt from outside: it goes
    straight to the next backend instead of failing with axes' "request required" error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        """Sessions that name this backend (Wagtail's test helpers log in with the first
        backend in the list) resolve like any other: active users only."""
        return EmailOrUsernameBackend().get_user(user_id)
