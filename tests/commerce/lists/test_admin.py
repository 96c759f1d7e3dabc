"""Staff see shoppers' lists read-only (the product list's "Lists" column: backoffice)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commerce.lists.identity import Owner
from commerce.lists.models import ShoppingList
from tests.fixtures.cart import make_user
from tests.fixtures.lists import guest_owner, make_list, save

pytestmark = pytest.mark.django_db


def list_admin_url(action: str, *args) -> str:
    return reverse(ShoppingList.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def lists(shopper, boots, socks):
    favourites = make_list(Owner(user=shopper))
    save(favourites, boots, note="size 44")
    save(favourites, socks)
    guest = make_list(guest_owner(), "Wishes", default=True)
    save(guest, boots)
    return favourites, guest


def test_staff_see_lists_with_owner_and_item_count(admin_client, lists):
    response = admin_client.get(list_admin_url("list"))

    assert response.status_code == 200
    rows = {row.name: row for row in response.context["object_list"]}
    assert (rows["Favourites"].item_count, rows["Wishes"].item_count) == (2, 1)
    html = response.content.decode()
    assert "ada@example.com" in html and "Guest" in html


def test_staff_inspect_a_list_with_its_items(admin_client, lists):
    favourites, _guest = lists

    response = admin_client.get(list_admin_url("inspect", favourites.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Boots (saved at 10.00)" in html and "size 44" in html


def test_nobody_may_add_edit_or_delete_a_list(admin_client, lists):
    favourites, _guest = lists

    for action, args in (("add", []), ("edit", [favourites.pk]), ("delete", [favourites.pk])):
        url = list_admin_url(action, *args)
        # Wagtail answers a refused permission with a redirect to the dashboard.
        assert admin_client.get(url)["Location"] == "/admin/", action
        assert admin_client.post(url, {"name": "Changed"})["Location"] == "/admin/", action
    favourites.refresh_from_db()
    assert favourites.name == "Favourites"
    assert ShoppingList.objects.count() == 2
    html = admin_client.get(list_admin_url("list")).content.decode()
    assert list_admin_url("edit", favourites.pk) not in html
    assert 'name="bulk-action' not in html


def test_staff_with_only_the_view_permission_see_the_lists(client, lists):
    from django.contrib.auth.models import Permission

    staff = make_user("viewer")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_shoppinglist"),
    )
    client.force_login(staff)

    assert client.get(list_admin_url("list")).status_code == 200


def admin_list_queries(client) -> int:
    client.get(list_admin_url("list"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(list_admin_url("list")).status_code == 200
    return len(captured)


def test_the_lists_admin_costs_the_same_with_few_and_many_lists(admin_client, lists, boots):
    few = admin_list_queries(admin_client)
    for number in range(8):
        owner = Owner(user=make_user(f"shopper{number}")) if number % 2 else guest_owner()
        save(make_list(owner), boots)
    many = admin_list_queries(admin_client)

    assert few == many


def test_staff_search_lists_by_name_and_owner_email(admin_client, lists):
    by_email = admin_client.get(list_admin_url("list"), {"q": "ada@example"})
    by_name = admin_client.get(list_admin_url("list"), {"q": "wish"})

    assert [row.name for row in by_email.context["object_list"]] == ["Favourites"]
    assert [row.name for row in by_name.context["object_list"]] == ["Wishes"]
