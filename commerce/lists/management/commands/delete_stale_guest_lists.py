from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from commerce.lists.services import delete_stale_guest_lists


class Command(BaseCommand):
    help = (
        "Delete the lists of guests who used none of them for DAYS days (default 90); "
        "accounts' lists stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = delete_stale_guest_lists(idle_for=timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} guest list(s) unused for {days} days.")
