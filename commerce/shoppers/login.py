"""On login, a guest's rows join the account: once, and for every app that keeps some.

`login()` rotates the session key but keeps the session data, so the guest token is still in
the session when Django's `user_logged_in` is sent. The one receiver here takes it out once and
hands it to every merge registered with `merge_on_login` (the cart's, the lists'), so no app
can take the token away from another, and a second login finds nothing to merge.
"""

from collections.abc import Callable

from django.contrib import messages

from commerce.shoppers import identity

Merge = Callable[..., list[str]]  # merge(*, token, user) -> messages for the shopper
_merges: list[Merge] = []


def merge_on_login(merge: Merge) -> None:
    """Call `merge(token=..., user=...)` when a guest logs in; it returns what to tell them.
    Registered in an app's `ready()`; merges run in the order of INSTALLED_APPS."""
    if merge not in _merges:
        _merges.append(merge)


def hand_over_guest(sender, request, user, **kwargs):
    """Receiver of Django's `user_logged_in`."""
    if request is None or getattr(request, "session", None) is None:
        return
    token = identity.take_token(request)
    if token is None:
        return
    for merge in _merges:
        for note in merge(token=token, user=user):
            messages.info(request, note, fail_silently=True)
