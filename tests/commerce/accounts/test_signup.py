"""Sign-up by e-mail and password (Django's validators), unique e-mail in any case."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model

from commerce.accounts.selectors import is_email_verified
from tests.fixtures.accounts import PASSWORD, mails_to, make_shopper


def sign_up(client, email="ada@example.com", password=PASSWORD, **extra):
    return client.post("/account/signup/", {"email": email, "password": password, **extra})


def test_sign_up_creates_a_logged_in_unverified_account_and_mails_a_link(client, db):
    response = sign_up(client, email="Ada@Example.com")
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    user = get_user_model().objects.get()
    assert user.email == "Ada@example.com"  # domain normalised, local part as typed
    assert user.username == "ada@example.com"
    assert user.check_password(PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert not is_email_verified(user)
    [mail] = mails_to("Ada@example.com")
    assert "/account/verify/" in mail.body


def test_sign_up_follows_a_safe_next_only(client, db):
    assert sign_up(client, next="/cart/")["Location"] == "/cart/"
    client.post("/account/logout/")
    response = sign_up(client, email="bob@example.com", next="https://evil.example/")
    assert response["Location"] == "/account/"


@pytest.mark.parametrize("taken", ["ada@example.com", "ADA@EXAMPLE.COM"])
def test_an_address_in_use_in_any_case_is_refused(client, db, taken):
    make_shopper("ada@example.com")
    response = sign_up(client, email=taken)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_an_address_used_by_a_staff_account_is_refused(client, db):
    get_user_model().objects.create_user("editor", "Ed@Example.com", PASSWORD)
    assert "already exists" in sign_up(client, email="ed@example.com").content.decode()


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("83749201938475", "entirely numeric"),
        ("ada@example.com1", "too similar"),
    ],
)
def test_weak_passwords_are_refused_by_djangos_validators(client, db, password, message):
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()
    assert SESSION_KEY not in client.session


def test_bad_email_is_a_form_error(client, db):
    response = sign_up(client, email="not-an-address")
    assert "Enter a valid email address." in response.content.decode()
    assert not get_user_model().objects.exists()


def test_an_address_longer_than_a_username_is_refused(client, db):
    response = sign_up(client, email="a" * 140 + "@example.com")
    assert response.status_code == 200
    assert not get_user_model().objects.exists()


def test_signed_up_shopper_logs_in_by_email(client, db):
    sign_up(client, email="Ada@Example.com")
    client.post("/account/logout/")
    response = client.post("/account/login/", {"email": "ADA@example.COM", "password": PASSWORD})
    assert response.status_code == 302
    assert SESSION_KEY in client.session


def test_logged_in_shopper_is_sent_on_from_sign_up(client, ada):
    client.force_login(ada)
    assert client.get("/account/signup/")["Location"] == "/account/"


def test_sign_up_merges_the_guest_cart_into_the_new_account(client, db, boots):
    from commerce.cart.models import Cart
    from tests.fixtures.cart import contents

    client.post("/cart/add/", {"product": boots.pk, "quantity": 2})
    sign_up(client)
    user = get_user_model().objects.get()
    assert contents(Cart.objects.get(user=user))["Boots"][0] == 2
