"""Logging in by e-mail (any case), only a same-site next=, log out by POST only."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client

from commerce.cart.models import Cart
from commerce.shoppers.identity import SESSION_KEY as CART_SESSION_KEY
from tests.fixtures.accounts import PASSWORD, log_in, make_order, make_shopper
from tests.fixtures.cart import contents, guest_cart, put


def assert_logged_in_on_account_page(response, client, user):
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert logged_in_id(client) == str(user.pk)


def logged_in_id(client):
    return client.session.get(SESSION_KEY)


def test_login_page_has_email_and_password_fields(client, db):
    response = client.get("/account/login/?next=/cart/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html and 'name="password"' in html
    assert 'name="next" value="/cart/"' in html


@pytest.mark.parametrize("typed", ["ada@example.com", "ADA@Example.COM", "  ada@example.com "])
def test_login_by_email_in_any_case(client, ada, typed):
    response = log_in(client, email=typed)
    assert_logged_in_on_account_page(response, client, ada)


def test_account_made_before_signup_existed_logs_in_by_its_email(client, db):
    from tests.fixtures.cart import make_user

    user = make_user("grace", email="Grace@Example.com", password=PASSWORD)
    log_in(client, email="grace@example.com")
    assert logged_in_id(client) == str(user.pk)


def test_wrong_password_or_unknown_email_gets_one_clear_message(client, ada):
    for email, password in [("ada@example.com", "wrong"), ("nobody@example.com", PASSWORD)]:
        response = log_in(client, email=email, password=password)
        assert response.status_code == 200
        assert "E-mail address or password is wrong." in response.content.decode()
        assert logged_in_id(client) is None


def test_inactive_account_cannot_log_in(client, ada):
    ada.is_active = False
    ada.save()
    log_in(client)
    assert logged_in_id(client) is None


def test_safe_next_is_followed(client, ada):
    response = log_in(client, next="/cart/?x=1")
    assert response["Location"] == "/cart/?x=1"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "http://evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "https://testserver.evil.example/",
        "aaaa",
        "accounts:logout",
    ],
)
def test_open_redirect_attempt_goes_to_the_account_instead(client, ada, target):
    response = log_in(client, next=target)
    assert_logged_in_on_account_page(response, client, ada)


def test_unsafe_next_in_the_query_string_is_not_put_in_the_form(client, db):
    response = client.get("/account/login/?next=https://evil.example/")
    assert response.context["form"]["next"].value() == ""
    assert 'name="next" value="https' not in response.content.decode()


def test_login_rotates_the_session_key(client, ada):
    client.get("/account/login/")
    session = client.session
    session["something"] = "kept"
    session.save()
    before = session.session_key
    log_in(client)
    assert client.session.session_key != before
    assert client.session["something"] == "kept"


def test_login_merges_the_guest_cart(client, ada, boots):
    cart = guest_cart()
    put(cart, boots, 2)
    session = client.session
    session[CART_SESSION_KEY] = cart.guest_token
    session.save()
    log_in(client)
    account_cart = Cart.objects.get(user=ada)
    assert contents(account_cart)["Boots"][0] == 2
    assert CART_SESSION_KEY not in client.session


def test_logging_in_never_links_guest_orders(client, ada):
    guest_order = make_order(email="ada@example.com")
    log_in(client)
    guest_order.refresh_from_db()
    assert guest_order.user is None
    assert client.get("/account/orders/").context["page_obj"].paginator.count == 0


def test_logged_in_visitor_skips_the_form(client, ada):
    client.force_login(ada)
    assert client.get("/account/login/?next=/cart/")["Location"] == "/cart/"


@pytest.mark.parametrize("path", ["/account/login/", "/account/signup/"])
def test_logged_in_visitor_with_a_bare_word_as_next_goes_to_the_account(client, ada, path):
    client.force_login(ada)
    response = client.get(f"{path}?next=aaaa")
    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_logout_is_post_only(client, ada):
    client.force_login(ada)
    assert client.get("/account/logout/").status_code == 405
    assert logged_in_id(client) == str(ada.pk)
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert logged_in_id(client) is None


def test_logout_needs_the_csrf_token(ada):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.post("/account/logout/").status_code == 403
    assert logged_in_id(client) == str(ada.pk)


def test_header_links_to_login_or_account(client, ada):
    assert 'href="/account/login/?next=/cart/%3Fa%3D1"' in client.get("/cart/?a=1").content.decode()
    client.force_login(ada)
    html = client.get("/cart/").content.decode()
    assert 'class="header-link account-link" href="/account/"' in html


def test_staff_username_still_logs_in(client, db):
    make_shopper("staff@example.com")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("editor", "ed@example.com", PASSWORD)
    log_in(client, email="ed@example.com")
    assert logged_in_id(client) == str(staff.pk)


def test_unknown_user_check_uses_no_password_of_another(client, db):
    """Two accounts sharing an address (made by staff) are ambiguous: neither logs in by it."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    users.create_user("one", "same@example.com", PASSWORD)
    users.create_user("two", "SAME@example.com", PASSWORD)
    log_in(client, email="same@example.com")
    assert logged_in_id(client) is None


def test_each_session_is_its_own_account_until_it_is_deactivated_or_deleted(ada):
    bob = make_shopper("bob@example.com")
    ada_client, bob_client = Client(), Client()
    ada_client.force_login(ada)
    bob_client.force_login(bob)

    assert account_link(ada_client) == "Account" and account_link(bob_client) == "Account"
    assert [user.pk for user in (session_user(ada_client), session_user(bob_client))] == [
        ada.pk,
        bob.pk,
    ]

    get_user_model().objects.filter(pk=ada.pk).update(is_active=False)
    bob.delete()
    assert account_link(ada_client) == account_link(bob_client) == "Log in"


def session_user(client):
    return client.get("/account/").wsgi_request.user


def account_link(client) -> str:
    html = client.get("/cart/").content.decode()
    return re.search(r'class="header-link account-link".*?header-link__text">([^<]+)<', html).group(
        1
    )
