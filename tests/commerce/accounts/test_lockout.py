"""Failed logins are limited per account and per client address (django-axes); either alone
locks out, with a clear page. The Wagtail admin login keeps working and is limited too."""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client, override_settings

from tests.fixtures.accounts import PASSWORD, log_in, make_shopper

LIMIT = 5  # settings.AXES_FAILURE_LIMIT


def client_from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def fail(client, email="ada@example.com", times=1):
    for _ in range(times):
        response = log_in(client, email=email, password="not the password")
    return response


def test_limit_is_what_the_settings_say(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_failures_below_the_limit_still_allow_the_right_password(ada):
    client = client_from("10.0.0.1")
    assert fail(client, times=LIMIT - 1).status_code == 200
    response = log_in(client)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(ada.pk)


def test_an_account_is_locked_after_the_limit_from_any_address(ada):
    for index in range(LIMIT):  # each attempt from another address
        fail(client_from(f"10.0.1.{index}"))
    fresh = client_from("10.0.2.1")
    response = log_in(fresh)  # the right password, from a new address
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    assert SESSION_KEY not in fresh.session


def test_account_lockout_counts_the_address_in_any_case(ada):
    for index, typed in enumerate(["ada@example.com", "ADA@example.com", "Ada@Example.com"] * 2):
        fail(client_from(f"10.0.3.{index}"), email=typed)
    assert log_in(client_from("10.0.4.1")).status_code == 429


def test_an_address_is_locked_after_the_limit_across_accounts(ada):
    bob = make_shopper("bob@example.com")
    attacker = client_from("10.0.5.1")
    for index in range(LIMIT):
        fail(attacker, email=f"victim{index}@example.com")
    response = log_in(attacker, email="bob@example.com")
    assert response.status_code == 429
    assert SESSION_KEY not in attacker.session
    # Bob himself, from his own address, is not locked out.
    own = client_from("10.0.6.1")
    assert log_in(own, email="bob@example.com").status_code == 302
    assert own.session[SESSION_KEY] == str(bob.pk)


def test_lockout_page_says_how_long(ada):
    client = client_from("10.0.7.1")
    response = fail(client, times=LIMIT)
    assert response.status_code == 429
    assert "blocked for 15 minutes" in response.content.decode()


@override_settings(AXES_COOLOFF_TIME=0.0001)  # hours: well under a second
def test_lockout_ends_after_the_cool_off(ada):
    import time

    client = client_from("10.0.8.1")
    fail(client, times=LIMIT)
    time.sleep(0.5)
    assert log_in(client).status_code == 302


def test_wagtail_admin_login_works_with_axes(db):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", PASSWORD)
    client = client_from("10.0.9.1")
    response = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(admin.pk)
    assert client.get("/admin/").status_code == 200


def test_wagtail_admin_login_is_limited_too(db):
    get_user_model().objects.create_superuser("boss", "boss@example.com", PASSWORD)
    client = client_from("10.0.10.1")
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_request_less_credential_checks_still_work(ada):
    """`client.login` in tests and commands that call `authenticate()` without a request
    (seed_demo) pass the lockout check instead of failing; they are not web logins."""
    from django.contrib.auth import authenticate

    assert Client().login(username="ADA@example.com", password=PASSWORD)
    assert authenticate(username="ada@example.com", password=PASSWORD) == ada
    assert authenticate(username="ada@example.com", password="wrong") is None


def test_web_logins_are_counted_even_when_the_password_is_right_after_lockout(ada):
    client = client_from("10.0.13.1")
    fail(client, times=LIMIT)
    assert log_in(client).status_code == 429
    assert SESSION_KEY not in client.session


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_client_address_is_counted(ada):
    """Clients behind one proxy (same REMOTE_ADDR) are told apart by X-Forwarded-For; a
    client cannot dodge the limit by claiming addresses further left."""
    proxy = "192.0.2.1"
    for index in range(LIMIT):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{index}, 203.0.113.7").post(
            "/account/login/", {"email": f"x{index}@example.com", "password": "wrong"}
        )
    locked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert log_in(locked).status_code == 429
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert log_in(other).status_code == 302


def test_password_reset_lifts_the_account_lockout(client, ada):
    from tests.fixtures.accounts import link_in, mails_to

    for index in range(LIMIT):
        fail(client_from(f"10.0.11.{index}"))
    assert log_in(client_from("10.0.12.1")).status_code == 429

    client.post("/account/password/reset/", {"email": "ada@example.com"})
    link = link_in(mails_to("ada@example.com")[-1], "/account/password/reset/")
    form_url = client.get(link)["Location"]
    new = "another sturdy passphrase 7"
    client.post(form_url, {"new_password1": new, "new_password2": new})

    assert log_in(client_from("10.0.12.2"), password=new).status_code == 302
