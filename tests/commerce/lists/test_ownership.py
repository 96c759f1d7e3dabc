"""Another shopper's list or item answers 404, by id or by an old share token, and nothing
changes."""

import pytest
from django.test import Client
from django.urls import reverse

from commerce.lists.identity import Owner
from commerce.lists.models import ListItem, ShoppingList
from tests.fixtures.cart import make_user
from tests.fixtures.lists import contents, guest_owner, make_list, save, shared_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(boots):
    """Another shopper's lists: an account's and a guest's."""
    account = make_list(Owner(user=make_user("eve")))
    save(account, boots, note="mine")
    guest = make_list(guest_owner(), "Guest list", default=True)
    save(guest, boots)
    return account, guest


LIST_POSTS = [
    ("lists:rename", {"name": "Stolen"}),
    ("lists:delete", {}),
    ("lists:share", {}),
    ("lists:unshare", {}),
    ("lists:to_cart", {}),
]
ITEM_POSTS = [
    ("lists:remove_item", {}),
    ("lists:move_item", {"list": 1}),
    ("lists:note", {"note": "x"}),
    ("lists:item_to_cart", {}),
]


@pytest.mark.parametrize("logged_in", [False, True])
def test_another_shoppers_list_and_items_answer_404(client, theirs, boots, logged_in):
    if logged_in:
        client.force_login(make_user("ada"))
    # The requester has lists of their own.
    client.post(reverse("lists:save"), {"product": boots.pk})
    mine = ShoppingList.objects.exclude(pk__in=[t.pk for t in theirs]).get()

    for shopping_list in theirs:
        item = ListItem.objects.get(shopping_list=shopping_list)
        assert client.get(reverse("lists:detail", args=[shopping_list.pk])).status_code == 404
        for name, data in LIST_POSTS:
            response = client.post(reverse(name, args=[shopping_list.pk]), data)
            assert response.status_code == 404, name
        for name, data in ITEM_POSTS:
            if name == "lists:move_item":
                data = {"list": mine.pk}
            response = client.post(reverse(name, args=[item.pk]), data)
            assert response.status_code == 404, name
        # Moving my own item into their list is refused too, and my item stays.
        my_item = ListItem.objects.get(shopping_list=mine)
        client.post(reverse("lists:move_item", args=[my_item.pk]), {"list": shopping_list.pk})
        assert ListItem.objects.get(pk=my_item.pk).shopping_list_id == mine.pk

    account, guest = theirs
    account.refresh_from_db()
    assert (account.name, account.share_token) == ("Favourites", None)
    assert contents(account) == {"Boots": (boots.price, "mine")}
    assert ListItem.objects.filter(shopping_list=guest).count() == 1


def test_saving_to_another_shoppers_list_is_refused(client, theirs, socks):
    account, _guest = theirs

    response = client.post(
        reverse("lists:save"), {"product": socks.pk, "list": account.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "That list does not exist any more. Choose another."
    ]
    assert set(contents(account)) == {"Boots"}


def test_a_visitor_without_lists_gets_404_for_any_list(client, theirs):
    account, _guest = theirs

    assert client.get(reverse("lists:detail", args=[account.pk])).status_code == 404
    assert client.post(reverse("lists:delete", args=[account.pk])).status_code == 404
    assert ShoppingList.objects.filter(pk=account.pk).exists()


def test_an_old_share_token_answers_404_after_regenerating(client, theirs):
    account, _guest = theirs
    eve = Client()
    eve.force_login(account.user)
    eve.post(reverse("lists:share", args=[account.pk]))
    account.refresh_from_db()
    old = account.share_token
    eve.post(reverse("lists:share", args=[account.pk]), {"regenerate": "1"})

    assert client.get(shared_url(old)).status_code == 404
