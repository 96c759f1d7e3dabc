"""What django-axes counts failed logins by (settings AXES_USERNAME_CALLABLE and
AXES_CLIENT_IP_CALLABLE): the login name lower-cased, so "Ada@x" and "ada@x" are one account,
and the client's address, behind `TRUSTED_PROXY_COUNT` proxies when there are any."""

from django.conf import settings


def attempted_username(request, credentials=None) -> str | None:
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        value = request.POST.get("username") or request.POST.get("email")
    return (value or "").strip().lower() or None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind N trusted proxies (each appending to X-Forwarded-For) the
    address the outermost one saw; entries further left are the client's own claims."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): 429 with a clear message,
    for the shop's login and the Wagtail admin's alike."""
    from django.shortcuts import render

    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
