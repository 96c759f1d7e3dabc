"""The guest-list clean-up as a background task (cron: `manage.py delete_stale_guest_lists
--enqueue` daily). Deleting what is already gone deletes nothing, so a retry is harmless."""

from datetime import timedelta

from django_tasks import task

from commerce.lists.services import delete_stale_guest_lists as delete_lists


@task()
def delete_stale_guest_lists(*, days: int = 90) -> int:
    """Delete guests' lists unused for `days` days; returns how many."""
    return delete_lists(idle_for=timedelta(days=days))
