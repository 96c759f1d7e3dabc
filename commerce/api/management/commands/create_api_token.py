from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from commerce.api.models import Scope
from commerce.api.tokens import create_api_token


class Command(BaseCommand):
    help = "Create an API token for USERNAME; the token is printed once, on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--scopes", required=True, help="Comma-separated: " + ", ".join(Scope.values)
        )

    def handle(self, *args, username, name, scopes, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        wanted = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        unknown = sorted(set(wanted) - set(Scope.values))
        if unknown or not wanted:
            raise CommandError(f"Unknown scopes {unknown}; choose from {', '.join(Scope.values)}.")
        if not name.strip():
            raise CommandError("--name cannot be empty.")
        raw = create_api_token(name=name.strip()[:100], scopes=wanted, created_by=user)
        self.stdout.write(
            f"Created API token {name.strip()!r} with scopes {', '.join(sorted(set(wanted)))}."
        )
        self.stdout.write(raw)
