"""Guest lists nobody used for 90 days go; a guest's lists stay together while any of them
is used; accounts' lists always stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from commerce.lists.identity import Owner
from commerce.lists.models import ListItem, ShoppingList
from tests.fixtures.lists import detail_url, guest_owner, make_list, post_save, save

pytestmark = pytest.mark.django_db


def aged(shopping_list, days):
    ShoppingList.objects.filter(pk=shopping_list.pk).update(
        used_at=timezone.now() - timedelta(days=days)
    )


def test_the_command_deletes_only_guest_lists_unused_for_90_days(shopper, boots):
    stale = guest_owner()
    stale_lists = [make_list(stale), make_list(stale, "Gifts")]
    save(stale_lists[0], boots)
    for shopping_list in stale_lists:
        aged(shopping_list, 91)
    active = guest_owner()
    old_but_grouped = make_list(active)
    aged(old_but_grouped, 200)
    recent = make_list(active, "Recent")
    aged(recent, 89)
    account = make_list(Owner(user=shopper))
    aged(account, 400)
    out = StringIO()

    call_command("delete_stale_guest_lists", stdout=out)

    assert out.getvalue().strip() == "Deleted 2 guest list(s) unused for 90 days."
    assert set(ShoppingList.objects.values_list("pk", flat=True)) == {
        old_but_grouped.pk,
        recent.pk,
        account.pk,
    }
    assert ListItem.objects.count() == 0


def test_viewing_a_list_marks_it_used(client, boots):
    post_save(client, boots)
    favourites = ShoppingList.objects.get()
    aged(favourites, 100)

    client.get(detail_url(favourites))
    call_command("delete_stale_guest_lists", stdout=StringIO())

    favourites.refresh_from_db()
    assert timezone.now() - favourites.used_at < timedelta(minutes=1)


def test_days_must_be_positive():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("delete_stale_guest_lists", "--days", "0")
