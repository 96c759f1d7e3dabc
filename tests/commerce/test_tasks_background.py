"""Retries with backoff, the dead letter and at-most-once side effects (commerce.background),
through a real task: the account mail."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import task_backends

from commerce.accounts.tasks import send_account_mail
from commerce.background import MAX_ATTEMPTS, retry_delay, run_once

MAIL = {"subject": "Confirm", "body": "Click", "to": "ada@example.com"}


@pytest.fixture
def queue(settings):
    """The dummy backend: tasks are recorded, not run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"]


@pytest.fixture
def server_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr("commerce.accounts.tasks.send_mail", refuse)


def test_the_delays_grow_fourfold_from_30_seconds():
    delays = [retry_delay(attempt) for attempt in range(1, MAX_ATTEMPTS)]
    assert delays == [timedelta(seconds=seconds) for seconds in (30, 120, 480, 1920, 7680)]


def test_a_mail_server_outage_queues_the_next_attempt_later(queue, server_down):
    before = timezone.now()

    assert send_account_mail.call(**MAIL) == {"retrying": 2}

    [retry] = queue.results
    assert retry.kwargs == {**MAIL, "attempt": 2}
    assert (
        before + timedelta(seconds=30)
        <= retry.task.run_after
        <= timezone.now() + timedelta(seconds=30)
    )
    assert mail.outbox == []


def test_the_last_attempt_fails_for_good_and_queues_nothing(queue, server_down, caplog):
    with pytest.raises(smtplib.SMTPConnectError):
        send_account_mail.call(**MAIL, attempt=MAX_ATTEMPTS)

    assert queue.results == []
    assert f"failed for good after {MAX_ATTEMPTS} attempts" in caplog.text


def test_an_error_that_is_not_transient_is_not_retried(queue, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("bad template")

    monkeypatch.setattr("commerce.accounts.tasks.send_mail", broken)
    with pytest.raises(ValueError):
        send_account_mail.call(**MAIL)
    assert queue.results == []


def test_a_backend_that_cannot_defer_fails_at_once(server_down):
    """The immediate backend (tests) cannot run a task later: the failure is raised."""
    with pytest.raises(smtplib.SMTPConnectError):
        send_account_mail.call(**MAIL)


def test_the_server_back_the_retry_sends(queue):
    send_account_mail.call(**MAIL, attempt=2)

    [message] = mail.outbox
    assert (message.subject, message.body, message.to) == ("Confirm", "Click", ["ada@example.com"])


def test_run_once_skips_what_already_succeeded_and_retries_what_failed():
    calls = []

    def fails():
        calls.append("failed")
        raise smtplib.SMTPServerDisconnected("gone")

    with pytest.raises(smtplib.SMTPServerDisconnected):
        run_once("mail-1", fails)
    assert run_once("mail-1", lambda: calls.append("sent")) is True
    assert run_once("mail-1", lambda: calls.append("sent again")) is False
    assert calls == ["failed", "sent"]
