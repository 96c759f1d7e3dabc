"""A new address is proven by a signed link; only then are earlier guest orders with it linked."""

from datetime import timedelta

from django.utils import timezone

from commerce.accounts import tokens
from commerce.accounts.selectors import is_email_verified
from tests.fixtures.accounts import link_in, mails_to, make_order, make_shopper


def verify_link(address="ada@example.com") -> str:
    return link_in(mails_to(address)[-1], "/account/verify/")


def test_the_link_page_changes_nothing_until_the_button_is_pressed(client, ada):
    guest_order = make_order(email="ada@example.com")
    url = f"/account/verify/{tokens.verification_token(ada)}/"
    response = client.get(url)
    assert response.status_code == 200
    assert f'action="{url}"' in response.content.decode()
    guest_order.refresh_from_db()
    assert guest_order.user is None
    assert not is_email_verified(ada)


def test_verifying_links_the_guest_orders_with_that_address(client, db):
    client.post(
        "/account/signup/", {"email": "ada@example.com", "password": "a sturdy passphrase 42"}
    )
    from django.contrib.auth import get_user_model

    ada = get_user_model().objects.get()
    mine = [make_order(email="ada@example.com"), make_order(email="ADA@Example.com")]
    someone_elses = make_order(email="bob@example.com")
    bob = make_shopper("bob@example.com")
    owned = make_order(email="ada@example.com", user=bob)  # placed in another account

    response = client.post(verify_link())
    assert response.status_code == 302
    assert is_email_verified(ada)
    for order in mine:
        order.refresh_from_db()
        assert order.user == ada
    someone_elses.refresh_from_db()
    owned.refresh_from_db()
    assert someone_elses.user is None
    assert owned.user == bob
    page = client.get("/account/")
    assert "2 earlier orders were added to your account." in page.content.decode()
    assert {o.number for o in page.context["recent_orders"]} == {o.number for o in mine}


def test_the_link_works_without_being_logged_in(client, ada):
    order = make_order(email="ada@example.com")
    response = client.post(f"/account/verify/{tokens.verification_token(ada)}/")
    assert response["Location"] == "/account/login/"
    order.refresh_from_db()
    assert order.user == ada


def test_a_tampered_link_is_refused_and_links_nothing(client, ada):
    order = make_order(email="ada@example.com")
    token = tokens.verification_token(ada)
    response = client.post(f"/account/verify/{token[:-2]}xx/")
    assert response.status_code == 400
    assert "invalid or has expired" in response.content.decode()
    order.refresh_from_db()
    assert order.user is None
    assert not is_email_verified(ada)


def test_a_link_for_one_account_cannot_be_edited_to_verify_another(client, ada):
    from django.core import signing

    bob = make_shopper("bob@example.com")
    forged = signing.dumps({"u": bob.pk, "e": "bob@example.com"}, salt="wrong salt")
    assert client.post(f"/account/verify/{forged}/").status_code == 400
    assert not is_email_verified(bob)


def test_an_expired_link_is_refused(client, ada, monkeypatch):
    token = tokens.verification_token(ada)
    later = timezone.now() + timedelta(seconds=tokens.VERIFY_MAX_AGE + 60)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    assert client.post(f"/account/verify/{token}/").status_code == 400
    assert not is_email_verified(ada)


def test_a_link_to_an_address_the_account_no_longer_has_is_refused(client, ada):
    token = tokens.verification_token(ada)
    ada.email = "ada@elsewhere.example"
    ada.save()
    make_order(email="ada@example.com")
    assert client.post(f"/account/verify/{token}/").status_code == 400
    assert not is_email_verified(ada)


def test_resend_sends_a_new_link_until_verified(client, ada):
    client.force_login(ada)
    client.post("/account/verify/")
    assert len(mails_to("ada@example.com")) == 1
    client.post(verify_link())
    client.post("/account/verify/")
    assert len(mails_to("ada@example.com")) == 1
    assert "not confirmed" not in client.get("/account/").content.decode()


def test_account_page_asks_for_verification(client, ada):
    client.force_login(ada)
    assert "not confirmed yet" in client.get("/account/").content.decode()


def test_resend_waits_a_minute_between_mails(client, ada):
    client.force_login(ada)
    client.post("/account/verify/")
    response = client.post("/account/verify/", follow=True)
    assert "wait a minute" in response.content.decode()
    assert len(mails_to("ada@example.com")) == 1
