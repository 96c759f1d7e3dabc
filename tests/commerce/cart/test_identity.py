"""Whose cart is whose: a guest's by a random token in the session data, an account's by the
account; nothing a client sends picks a cart."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from commerce.cart.context_processors import cart_summary
from commerce.cart.models import Cart
from commerce.cart.services import add_line
from commerce.catalog.models import ProductStatus
from commerce.catalog.purchase import purchase_option
from commerce.stock.availability import Availability
from tests.fixtures.cart import (
    CART_URL,
    client_cart,
    contents,
    flashes,
    guest_cart,
    make_user,
    post_add,
    put,
    stocked_product,
)
from tests.fixtures.catalog import make_category, make_warehouse
from tests.fixtures.orders import run_together

pytestmark = pytest.mark.django_db


def test_a_guest_cart_is_keyed_by_a_random_token_not_the_session_key(client, boots):
    post_add(client, boots, 1)
    page = client.get(CART_URL)

    token = client.session["guest_token"]
    cart = Cart.objects.get()
    assert (cart.guest_token, cart.user) == (token, None)
    assert len(token) == 43  # secrets.token_urlsafe(32): 256 random bits
    assert token != client.session.session_key
    # The token stays on the server: no cookie and no page carries it.
    assert all(token not in morsel.value for morsel in client.cookies.values())
    assert token not in page.content.decode()


def test_login_rotates_the_session_key_and_the_guest_cart_joins_the_account(
    client, boots, admin_user
):
    post_add(client, boots, 2)
    guest_key = client.session.session_key

    response = client.post(
        "/admin/login/", {"username": "staff", "password": "correct horse"}, follow=False
    )

    assert response.status_code == 302
    assert client.session.session_key != guest_key
    assert "guest_token" not in client.session
    cart = Cart.objects.get()
    assert (cart.user, cart.guest_token) == (admin_user, None)
    assert contents(cart) == {"Boots": (2, Decimal("10.00"))}
    page = client.get(CART_URL)
    assert [(line.product.name, line.quantity) for line in page.context["review"].lines] == [
        ("Boots", 2)
    ]


def test_logging_out_keeps_the_account_cart_and_starts_an_empty_guest_cart(
    client, shopper, boots, socks
):
    client.force_login(shopper)
    post_add(client, boots, 1)

    client.logout()
    post_add(client, socks, 3)

    assert contents(Cart.objects.get(user=shopper)) == {"Boots": (1, Decimal("10.00"))}
    assert contents(client_cart(client)) == {"Socks": (3, Decimal("4.50"))}


def test_two_guests_never_see_each_others_cart(boots, socks):
    ann, bob = Client(), Client()
    post_add(ann, boots, 2)
    post_add(bob, socks, 1)

    ann_page, bob_page = ann.get(CART_URL), bob.get(CART_URL)

    assert [line.product.name for line in ann_page.context["review"].lines] == ["Boots"]
    assert [line.product.name for line in bob_page.context["review"].lines] == ["Socks"]
    assert "Socks" not in ann_page.content.decode()
    assert "Boots" not in bob_page.content.decode()
    assert ann.session["guest_token"] != bob.session["guest_token"]


def test_a_forged_token_in_a_cookie_or_a_form_does_nothing(boots, socks):
    ann, mallory = Client(), Client()
    post_add(ann, boots, 2)
    victim = client_cart(ann)
    token = victim.guest_token
    forged = {"guest_token": token, "cart_token": token, "token": token, "cart": victim.pk}
    for name, value in forged.items():
        mallory.cookies[name] = str(value)

    mallory_page = mallory.get(CART_URL, forged)
    post_add(mallory, socks, 1, **forged)
    mallory.post("/cart/empty/", forged)
    mallory.post(f"/cart/lines/{boots.pk}/remove/", forged)
    quantity = mallory.post(f"/cart/lines/{boots.pk}/quantity/", {"quantity": 1, **forged})

    assert mallory_page.context["review"].is_empty
    assert quantity.status_code == 404
    assert contents(victim) == {"Boots": (2, Decimal("10.00"))}
    assert contents(client_cart(mallory)) == {}  # emptied: mallory's own cart only
    assert Cart.objects.count() == 2


def test_a_token_whose_cart_is_gone_gets_a_new_cart(client, boots):
    post_add(client, boots, 1)
    client_cart(client).delete()

    post_add(client, boots, 2)

    assert contents(client_cart(client)) == {"Boots": (2, Decimal("10.00"))}
    assert Cart.objects.count() == 1


def test_an_account_cart_cannot_also_have_a_token(shopper):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cart.objects.create(user=shopper, guest_token="x" * 43)


# The header's count (commerce.cart.context_processors.cart_summary).


def header_count(request) -> tuple[int, int]:
    """(count, queries it cost)."""
    with CaptureQueriesContext(connection) as captured:
        count = int(str(cart_summary(request)["cart_count"]))
    return count, len(captured)


def request_with(session, user=None):
    request = RequestFactory().get("/")
    request.session = session
    request.user = user or AnonymousUser()
    return request


def test_the_header_count_costs_nothing_for_a_visitor_without_a_cart(boots):
    assert header_count(request_with(SessionStore())) == (0, 0)


def test_the_header_count_costs_one_query_with_a_cart(boots, socks, shopper):
    cart = guest_cart()
    put(cart, boots, 2)
    put(cart, socks, 3)
    session = SessionStore()
    session["guest_token"] = cart.guest_token

    assert header_count(request_with(session)) == (5, 1)

    own = Cart.objects.create(user=shopper)
    put(own, socks, 4)
    assert header_count(request_with(SessionStore(), shopper)) == (4, 1)
    assert header_count(request_with(SessionStore(), make_user("bob"))) == (0, 1)


def test_the_header_count_is_lazy(boots):
    session = SessionStore()
    session["guest_token"] = guest_cart().guest_token
    with CaptureQueriesContext(connection) as captured:
        cart_summary(request_with(session))
    assert len(captured) == 0


# The add-to-cart form for product pages and cards.


def add_form(product, quantity: int) -> str:
    request = RequestFactory().get("/products/x/?colour=red")
    return render_to_string(
        "cart/includes/add_to_cart_form.html",
        {"product": product, "option": purchase_option(product, Availability(quantity))},
        request=request,
    )


def test_the_add_form_is_shown_only_for_buyable_products_in_stock(category, warehouse, boots):
    disabled = stocked_product(category, warehouse, status=ProductStatus.DISABLED)

    html = add_form(boots, 5)

    assert 'action="/cart/add/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="product" value="{boots.pk}"' in html
    assert 'name="next" value="/products/x/?colour=red"' in html
    assert 'max="5"' in html
    assert "price" not in html
    assert 'max="99"' in add_form(boots, 500)
    assert add_form(boots, 0).strip() == ""
    assert add_form(disabled, 5).strip() == ""


def test_what_the_merge_capped_is_told_after_logging_in(client, admin_user, category, warehouse):
    boots = stocked_product(category, warehouse, name="Boots", stock=4)
    own = Cart.objects.create(user=admin_user)
    put(own, boots, 2)
    post_add(client, boots, 3)

    client.post("/admin/login/", {"username": "staff", "password": "correct horse"})

    assert contents(own) == {"Boots": (4, Decimal("10.00"))}
    assert flashes(client.get(CART_URL)) == [
        "Added 3 × Boots (€10.00 each) to your cart.",
        "Boots: only 4 available, quantity set to 4.",
    ]


# A guest's token may key lists before it keys a cart (one token for both, commerce.shoppers).


@pytest.mark.django_db(transaction=True)
def test_parallel_first_adds_of_a_guest_with_lists_make_one_cart():
    boots = stocked_product(make_category("Shoes"), make_warehouse("main"), name="Boots")
    token = "t" * 43

    results = run_together(
        4, lambda index: add_line(cart=Cart(guest_token=token), product_id=boots.pk, quantity=1)
    )

    assert not [result for result in results if isinstance(result, Exception)], results
    assert contents(Cart.objects.get(guest_token=token)) == {"Boots": (4, Decimal("10.00"))}
