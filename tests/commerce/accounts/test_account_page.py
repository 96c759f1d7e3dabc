"""The account page: recent orders, saved addresses, the lists link; addresses deletable."""

from commerce.accounts.addresses import remember_address
from commerce.accounts.models import Address
from commerce.orders.models import Order
from tests.fixtures.accounts import VIENNA, make_order, make_shopper, queries_of


def test_account_page_needs_login(client, db):
    response = client.get("/account/")
    assert response["Location"] == "/account/login/?next=/account/"


def test_account_page_shows_own_orders_addresses_and_lists(client, ada):
    mine = make_order(email="ada@example.com", user=ada)
    make_order(email="ada@example.com")  # a guest order, not linked
    theirs = make_order(email="bob@example.com", user=make_shopper("bob@example.com"))
    remember_address(ada, VIENNA)
    client.force_login(ada)
    html = client.get("/account/").content.decode()
    assert mine.number in html and theirs.number not in html
    assert "12 Harbour Road" in html
    assert 'href="/lists/"' in html


def test_recent_orders_are_the_five_newest(client, ada):
    orders = [make_order(user=ada) for _ in range(7)]
    client.force_login(ada)
    shown = client.get("/account/").context["recent_orders"]
    assert [order.number for order in shown] == [order.number for order in orders[::-1][:5]]


def test_delete_own_address(client, ada):
    remember_address(ada, VIENNA)
    address = Address.objects.get()
    client.force_login(ada)
    response = client.post(f"/account/addresses/{address.pk}/delete/")
    assert response["Location"] == "/account/"
    assert not Address.objects.exists()


def test_another_shoppers_address_answers_404_and_stays(client, ada):
    bob = make_shopper("bob@example.com")
    remember_address(bob, VIENNA)
    address = Address.objects.get()
    client.force_login(ada)
    assert client.post(f"/account/addresses/{address.pk}/delete/").status_code == 404
    assert client.get(f"/account/addresses/{address.pk}/delete/").status_code == 405
    assert Address.objects.filter(pk=address.pk).exists()


def test_account_page_query_count_is_flat(client, ada):
    """The same queries with 2 and with 20 orders: one for the orders (with their item
    counts), one for the addresses."""
    client.force_login(ada)
    counts = []
    for total in (2, 20):
        while Order.objects.filter(user=ada).count() < total:
            make_order(user=ada, lines=[("Boots", "10.00", 1), ("Socks", "4.50", 2)])
        remember_address(ada, {**VIENNA, "city": f"City {total}"})
        client.get("/account/")  # warm the shop's caches (menus, site settings)
        queries = queries_of(client, "/account/")
        assert sum('FROM "orders_order"' in sql for sql in queries) == 1
        assert sum('FROM "orders_orderline"' in sql for sql in queries) == 0
        assert sum('FROM "accounts_address"' in sql for sql in queries) == 1
        counts.append(len(queries))
    assert counts[0] == counts[1]
