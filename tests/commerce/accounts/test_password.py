"""Changing the password (stays logged in) and resetting it by e-mail."""

from django.contrib.auth import SESSION_KEY

from tests.fixtures.accounts import PASSWORD, link_in, log_in, mails_to

NEW = "another sturdy passphrase 7"


def test_change_password_keeps_this_session_and_needs_the_old_one(client, ada):
    client.force_login(ada)
    wrong = client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200
    ada.refresh_from_db()
    assert ada.check_password(PASSWORD)

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == "/account/"
    ada.refresh_from_db()
    assert ada.check_password(NEW)
    assert client.get("/account/").status_code == 200  # still logged in


def test_change_password_applies_the_validators(client, ada):
    client.force_login(ada)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"},
    )
    assert "too short" in response.content.decode()


def test_reset_by_email_in_any_case(client, ada):
    response = client.post("/account/password/reset/", {"email": "ADA@example.com"})
    assert response["Location"] == "/account/password/reset/sent/"
    [mail] = mails_to("ada@example.com")
    link = link_in(mail, "/account/password/reset/")
    form_url = client.get(link)["Location"]  # Django hides the token from the page's URL
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/account/password/reset/done/"
    assert log_in(client, password=NEW).status_code == 302
    assert SESSION_KEY in client.session


def test_reset_link_works_once(client, ada):
    client.post("/account/password/reset/", {"email": "ada@example.com"})
    link = link_in(mails_to("ada@example.com")[0], "/account/password/reset/")
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    again = client.get(link, follow=True)
    assert "invalid or has expired" in again.content.decode()


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post("/account/password/reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/account/password/reset/sent/"
    assert not mails_to("nobody@example.com")


def test_reset_e_mails_to_one_mailbox_are_limited(client, ada):
    for _ in range(5):
        response = client.post("/account/password/reset/", {"email": "ada@example.com"})
        assert response["Location"] == "/account/password/reset/sent/"  # the same page always
    assert len(mails_to("ada@example.com")) == 3


def test_reset_requests_from_one_address_are_limited(client, db):
    from tests.fixtures.cart import make_user

    for index in range(12):
        make_user(f"user{index}", email=f"user{index}@example.com")
        client.post("/account/password/reset/", {"email": f"user{index}@example.com"})
    sent = sum(len(mails_to(f"user{index}@example.com")) for index in range(12))
    assert sent == 10
