"""The guest-list clean-up as a task: the command can queue it for a worker (cron)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks import task_backends

from commerce.lists.models import ShoppingList
from commerce.lists.tasks import delete_stale_guest_lists
from tests.commerce.lists.test_stale_lists import aged
from tests.fixtures.lists import guest_owner, make_list

pytestmark = pytest.mark.django_db


def test_the_command_queues_the_clean_up_and_deletes_nothing_itself(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    stale = make_list(guest_owner())
    aged(stale, 40)
    out = StringIO()

    call_command("delete_stale_guest_lists", "--days", "30", "--enqueue", stdout=out)

    [queued] = task_backends["default"].results
    assert (queued.task.name, queued.kwargs) == ("delete_stale_guest_lists", {"days": 30})
    assert out.getvalue() == "Queued the clean-up of guest lists unused for 30 days.\n"
    assert ShoppingList.objects.filter(pk=stale.pk).exists()


def test_the_task_deletes_stale_guest_lists_and_a_second_run_finds_none():
    stale, fresh = make_list(guest_owner()), make_list(guest_owner())
    aged(stale, 91)

    assert delete_stale_guest_lists.call() == 1
    assert delete_stale_guest_lists.call() == 0
    assert list(ShoppingList.objects.values_list("pk", flat=True)) == [fresh.pk]
