"""Parallel requests of one shopper on PostgreSQL with real threads: a first default list is
made once, and a merge racing saves loses nothing."""

import pytest

from commerce.lists.identity import Owner
from commerce.lists.models import ListItem, ShoppingList
from commerce.lists.services import add_item, merge_guest_lists
from tests.fixtures.cart import make_user, stocked_product
from tests.fixtures.catalog import make_category, make_warehouse
from tests.fixtures.lists import guest_owner, make_list, save
from tests.fixtures.orders import run_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def products():
    category, warehouse = make_category("Shoes"), make_warehouse("main")
    return [stocked_product(category, warehouse, name=f"Item {n}") for n in range(6)]


def test_parallel_first_saves_make_one_default_list_with_every_product(products):
    owner = Owner(user=make_user("ada"))

    results = run_together(6, lambda index: add_item(owner=owner, product_id=products[index].pk))

    assert all(isinstance(result, ListItem) for result in results), results
    default = ShoppingList.objects.get(user=owner.user)
    assert default.is_default and default.name == "Favourites"
    assert ListItem.objects.filter(shopping_list=default).count() == 6


def test_a_merge_racing_saves_of_the_account_loses_nothing(products):
    user = make_user("ada")
    guest = guest_owner()
    guest_default = make_list(guest)
    for product in products[:3]:
        save(guest_default, product)
    make_list(guest, "Gifts")
    owner = Owner(user=user)

    def act(index):
        if index == 0:
            return merge_guest_lists(token=guest.token, user=user)
        return add_item(owner=owner, product_id=products[index + 2].pk)

    results = run_together(4, act)

    assert not [result for result in results if isinstance(result, Exception)], results
    default = ShoppingList.objects.get(user=user, is_default=True)
    assert ListItem.objects.filter(shopping_list=default).count() == 6
    assert sorted(owner.lists().values_list("name", flat=True)) == ["Favourites", "Gifts"]
    assert not ShoppingList.objects.filter(user__isnull=True).exists()
