from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commerce.api.models import ApiToken, Scope
from commerce.api.tokens import create_api_token

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def parse_expiry(value: str, *, now: datetime) -> datetime:
    """`--expires`: a whole number of days from now, or an ISO 8601 date (the token stops
    working at its start, in the shop's time zone) or date and time; in the future."""
    value = value.strip()
    if value.isdigit():
        days = int(value)
        if days < 1:
            raise CommandError("--expires: at least 1 day.")
        try:
            return now + timedelta(days=days)
        except OverflowError:
            raise CommandError(f"--expires: {days} days is too far ahead.") from None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--expires {value!r}: give a number of days (30) or an ISO date (2026-12-31) "
            "or date and time (2026-12-31T18:00:00+01:00)."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment <= now:
        raise CommandError(f"--expires {value!r} is not in the future.")
    return moment


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME with the given scopes; the token is printed once, "
        "on the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The staff account the token is created by.")
        parser.add_argument(
            "--scopes",
            required=True,
            nargs="+",
            help="Comma- or space-separated: " + ", ".join(Scope.values),
        )
        parser.add_argument(
            "--name",
            help="Who uses it (shown in the admin and in order histories as “API: name”); "
            "default: “USERNAME (command line, YYYY-MM-DD)”.",
        )
        parser.add_argument(
            "--expires",
            help="Days from now (30) or an ISO date (2026-12-31: stops working as that day "
            "starts) or date and time; default: valid until revoked.",
        )

    def handle(self, *args, username, scopes, name=None, expires=None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        wanted = [scope.strip() for value in scopes for scope in value.split(",") if scope.strip()]
        unknown = sorted(set(wanted) - set(Scope.values))
        if unknown or not wanted:
            raise CommandError(f"Unknown scopes {unknown}; choose from {', '.join(Scope.values)}.")
        now = timezone.now()
        if name is None:
            name = f"{username} (command line, {timezone.localdate(now):%Y-%m-%d})"
            name = name[-NAME_MAX_LENGTH:]  # a long username loses its start, not the date
        name = name.strip()
        if not name:
            raise CommandError("--name cannot be empty.")
        if len(name) > NAME_MAX_LENGTH:
            raise CommandError(f"--name: at most {NAME_MAX_LENGTH} characters.")
        expires_at = parse_expiry(expires, now=now) if expires is not None else None
        raw = create_api_token(name=name, scopes=wanted, created_by=user, expires_at=expires_at)
        until = (
            f"expires {timezone.localtime(expires_at):%Y-%m-%d %H:%M %Z}"
            if expires_at
            else "valid until revoked"
        )
        self.stdout.write(
            f"Created API token {name!r} with scopes {', '.join(sorted(set(wanted)))}; {until}."
        )
        self.stdout.write(raw)
