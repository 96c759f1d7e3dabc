"""Changing the e-mail address: asks the password, takes effect only from the new address's
signed link, and that link proves the new address."""

from django.contrib.auth import SESSION_KEY

from commerce.accounts import tokens
from commerce.accounts.selectors import is_email_verified
from tests.fixtures.accounts import PASSWORD, link_in, log_in, mails_to, make_order, make_shopper

NEW = "ada@new.example"


def ask(client, email=NEW, password=PASSWORD):
    return client.post("/account/email/", {"email": email, "password": password})


def test_change_sends_a_link_to_the_new_address_and_a_notice_to_the_old(client, ada):
    client.force_login(ada)
    response = ask(client)
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.email == "ada@example.com"  # nothing changed yet
    [link_mail] = mails_to(NEW)
    [notice] = mails_to("ada@example.com")
    assert "/account/email/" in link_mail.body
    assert "/account/email/" not in notice.body and NEW in notice.body


def test_opening_the_link_changes_address_and_login(client, ada):
    client.force_login(ada)
    ask(client)
    guest_order = make_order(email=NEW)
    client.post(link_in(mails_to(NEW)[0], "/account/email/"))
    ada.refresh_from_db()
    assert (ada.email, ada.username) == (NEW, NEW)
    assert is_email_verified(ada)
    guest_order.refresh_from_db()
    assert guest_order.user == ada

    other = client.__class__()
    assert log_in(other, email="ada@example.com").status_code == 200
    assert log_in(other, email="ADA@new.example").status_code == 302
    assert other.session[SESSION_KEY] == str(ada.pk)


def test_the_link_works_once(client, ada):
    client.force_login(ada)
    ask(client)
    link = link_in(mails_to(NEW)[0], "/account/email/")
    client.post(link)
    assert client.post(link).status_code == 400


def test_wrong_password_changes_nothing_and_sends_nothing(client, ada):
    client.force_login(ada)
    response = ask(client, password="wrong")
    assert response.status_code == 200
    assert "Your password is wrong." in response.content.decode()
    assert not mails_to(NEW)


def test_an_address_in_use_is_refused(client, ada):
    make_shopper("bob@example.com")
    client.force_login(ada)
    response = ask(client, email="BOB@example.com")
    assert "Another account uses this e-mail address." in response.content.decode()
    assert not mails_to("BOB@example.com")


def test_taken_between_asking_and_opening_the_link_is_refused(client, ada):
    token = tokens.email_change_token(ada, NEW)
    make_shopper(NEW)
    response = client.post(f"/account/email/{token}/")
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    ada.refresh_from_db()
    assert ada.email == "ada@example.com"


def test_staff_username_stays_when_the_address_changes(client, db):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("editor", "ed@example.com", PASSWORD)
    client.post(f"/account/email/{tokens.email_change_token(editor, 'ed@new.example')}/")
    editor.refresh_from_db()
    assert (editor.username, editor.email) == ("editor", "ed@new.example")


def test_change_email_needs_login(client, db):
    assert client.get("/account/email/")["Location"].startswith("/account/login/?next=")
