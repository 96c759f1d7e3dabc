"""The dead letter: `manage.py failed_tasks` lists tasks that failed for good or stalled
(their worker died mid-run) and queues them again from the first attempt."""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from commerce.accounts.tasks import send_account_mail
from commerce.lists.tasks import delete_stale_guest_lists

pytestmark = pytest.mark.django_db

MAIL = {"subject": "Confirm", "body": "Click", "to": "ada@example.com"}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def failed_mail() -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=send_account_mail.enqueue(**MAIL, attempt=6).id)
    result.claim("worker-1")
    result.set_failed(smtplib.SMTPConnectError(421, "Service not available"))
    return result


def stalled_clean_up(minutes_ago: int) -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=delete_stale_guest_lists.enqueue(days=30).id)
    result.claim("worker-2")  # the worker died: never finished
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return result


def failed_tasks(*args) -> str:
    out = StringIO()
    call_command("failed_tasks", *args, stdout=out)
    return out.getvalue()


def test_failed_and_stalled_tasks_are_listed(database_queue):
    failed, stalled = failed_mail(), stalled_clean_up(minutes_ago=90)
    stalled_clean_up(minutes_ago=5)  # still running, probably fine
    send_account_mail.enqueue(**MAIL)  # waiting: not dead

    lines = failed_tasks().splitlines()

    assert len(lines) == 3
    assert lines[0].startswith(f"{failed.pk}  ")
    assert "commerce.accounts.tasks.send_account_mail" in lines[0]
    assert lines[0].endswith("SMTPConnectError")
    assert lines[1].startswith(f"{stalled.pk}  ") and lines[1].endswith("stalled")
    assert lines[2] == "2 failed or stalled task(s)."


def test_retry_queues_a_fresh_first_attempt_and_drops_the_dead_one(database_queue):
    failed = failed_mail()

    failed_tasks("--retry", str(failed.pk))

    assert not DBTaskResult.objects.filter(pk=failed.pk).exists()
    [fresh] = DBTaskResult.objects.all()
    assert fresh.status == TaskResultStatus.READY
    assert fresh.args_kwargs == {"args": [], "kwargs": MAIL}


def test_retry_all_requeues_every_dead_task(database_queue):
    failed_mail(), stalled_clean_up(minutes_ago=90)

    failed_tasks("--retry-all")

    assert sorted(DBTaskResult.objects.values_list("task_path", "status")) == [
        ("commerce.accounts.tasks.send_account_mail", TaskResultStatus.READY),
        ("commerce.lists.tasks.delete_stale_guest_lists", TaskResultStatus.READY),
    ]


def test_an_unknown_or_live_id_queues_nothing(database_queue):
    failed = failed_mail()
    waiting = send_account_mail.enqueue(**MAIL)

    with pytest.raises(CommandError, match="not failed or stalled"):
        failed_tasks("--retry", str(failed.pk), str(waiting.id))

    assert DBTaskResult.objects.count() == 2
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.FAILED
