"""The dead letter of the database task queue: tasks that failed for good (after their
retries) or stalled (their worker died mid-run), listed and, on request, queued again."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "List background tasks that failed for good or stalled (running for longer than "
        "--stalled-after minutes: their worker died); --retry ID... or --retry-all queues "
        "them again from their first attempt. Database task backend only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", nargs="+", metavar="ID", default=[])
        parser.add_argument("--retry-all", action="store_true")
        parser.add_argument("--stalled-after", type=int, default=60, metavar="MINUTES")

    def handle(self, *args, retry, retry_all, stalled_after, **options):
        dead = dead_letter(timedelta(minutes=stalled_after))
        if retry or retry_all:
            chosen = dead if retry_all else dead.filter(pk__in=retry)
            if not retry_all and chosen.count() != len(set(retry)):
                raise CommandError("Some IDs are not failed or stalled tasks; nothing queued.")
            for result in chosen:
                self.stdout.write(f"Queued again: {result.task_path} (was {result.pk})")
                requeue(result)
            return
        for result in dead:
            error = result.exception_class_path.rsplit(".", 1)[-1] or "stalled"
            when = result.finished_at or result.started_at
            self.stdout.write(
                f"{result.pk}  {when:%Y-%m-%d %H:%M}  {result.task_path}"
                f"({result.args_kwargs['kwargs']})  {error}"
            )
        self.stdout.write(f"{dead.count()} failed or stalled task(s).")


def dead_letter(stalled_after: timedelta):
    stalled_since = timezone.now() - stalled_after
    failed_or_stalled = Q(status=TaskResultStatus.FAILED) | Q(
        status=TaskResultStatus.RUNNING, started_at__lt=stalled_since
    )
    return DBTaskResult.objects.filter(failed_or_stalled).order_by("enqueued_at")


@transaction.atomic
def requeue(result: DBTaskResult) -> None:
    """A new task with the same arguments from attempt 1; the dead one is deleted."""
    kwargs = {key: value for key, value in result.args_kwargs["kwargs"].items() if key != "attempt"}
    result.task.enqueue(*result.args_kwargs["args"], **kwargs)
    result.delete()
