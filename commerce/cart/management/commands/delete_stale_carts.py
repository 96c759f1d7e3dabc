from datetime import timedelta

from django.core.management.base import BaseCommand

from commerce.cart.services import delete_stale_guest_carts


class Command(BaseCommand):
    help = "Delete guest carts unchanged for DAYS days (default 30); account carts stay."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            return
        deleted = delete_stale_guest_carts(idle_for=timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} guest cart(s) unchanged for {days} days.")
