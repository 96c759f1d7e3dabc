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


RESET_LIMIT_PER_ADDRESS = 3  # e-mails per hour to one mailbox
RESET_LIMIT_PER_CLIENT = 10  # requests per hour from one client address
RESET_WINDOW = 60 * 60


def allow_password_reset(request, email: str) -> bool:
    """Whether to send another reset e-mail: at most a few per mailbox and per client address
    an hour, so the form cannot be used to flood someone's inbox (or our mail server)."""
    import hashlib

    from django.core.cache import caches

    cache = caches["limits"]
    mailbox = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    counters = [
        (f"reset:mailbox:{mailbox}", RESET_LIMIT_PER_ADDRESS),
        (f"reset:client:{client_ip(request) or 'unknown'}", RESET_LIMIT_PER_CLIENT),
    ]
    allowed = True
    for key, limit in counters:
        cache.add(key, 0, timeout=RESET_WINDOW)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=RESET_WINDOW)
            count = 1
        allowed = allowed and count <= limit
    return allowed
