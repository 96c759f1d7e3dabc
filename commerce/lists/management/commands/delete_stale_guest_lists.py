from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from commerce.lists import tasks
from commerce.lists.services import delete_stale_guest_lists


class Command(BaseCommand):
    help = (
        "Delete the lists of guests who used none of them for DAYS days (default 90); "
        "accounts' lists stay. --enqueue leaves the work to a task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the clean-up for a worker and return."
        )

    def handle(self, *args, days, enqueue, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if enqueue:
            tasks.delete_stale_guest_lists.enqueue(days=days)
            self.stdout.write(f"Queued the clean-up of guest lists unused for {days} days.")
            return
        deleted = delete_stale_guest_lists(idle_for=timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} guest list(s) unused for {days} days.")
