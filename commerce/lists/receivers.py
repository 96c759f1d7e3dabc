"""Django's login signal (not one of ours): the guest's lists join the account's.

`login()` rotates the session key but keeps the session data, so the guest token is still in
the session when `user_logged_in` is sent; it is taken out, so the merge happens once (and
`services.merge_guest_lists` is idempotent anyway).
"""

from django.contrib import messages

from commerce.lists import identity, services


def merge_lists_on_login(sender, request, user, **kwargs):
    if request is None or getattr(request, "session", None) is None:
        return
    token = identity.forget(request)
    if token is None:
        return
    for note in services.merge_guest_lists(token=token, user=user):
        messages.info(request, note, fail_silently=True)
