from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from commerce.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_no_token_answers_401_as_json(api):
    response = api("get", "/warehouses", token=None)

    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Send a valid token: Authorization: Bearer <token>.",
        "path": "/api/v1/warehouses",
    }


def test_an_unknown_token_answers_401(api, token):
    assert api("get", "/warehouses", token=token[:-1] + "x").status_code == 401
    assert api("get", "/warehouses", token="short").status_code == 401


def test_a_token_without_the_scope_answers_403(api, make_token):
    response = api("get", "/warehouses", token=make_token("orders:read"))

    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "This token lacks the scope catalog:read.",
        "path": "/api/v1/warehouses",
        "scope": "catalog:read",
    }


def test_expired_and_revoked_tokens_answer_401(api, make_token):
    expired = make_token(expires_at=timezone.now() - timedelta(seconds=1))
    revoked = make_token(name="Old")
    ApiToken.objects.filter(name="Old").update(revoked_at=timezone.now())

    assert api("get", "/warehouses", token=expired).status_code == 401
    assert api("get", "/warehouses", token=revoked).status_code == 401


def test_the_secret_is_stored_hashed_and_last_use_recorded_once_a_minute(api, token):
    stored = ApiToken.objects.get()
    assert stored.prefix == token[:8]
    assert token not in stored.secret_hash and len(stored.secret_hash) == 64
    assert stored.last_used_at is None

    assert api("get", "/warehouses").status_code == 200
    first_use = ApiToken.objects.get().last_used_at
    assert first_use is not None
    assert api("get", "/warehouses").status_code == 200
    assert ApiToken.objects.get().last_used_at == first_use  # within the minute

    ApiToken.objects.update(last_used_at=first_use - timedelta(minutes=2))
    assert api("get", "/warehouses").status_code == 200
    assert ApiToken.objects.get().last_used_at > first_use


def test_the_command_prints_a_working_token_on_its_last_line(api, admin_user, capsys):
    call_command(
        "create_api_token", "staff", "--name", "Warehouse", "--scopes", "stock:write,catalog:read"
    )

    raw = capsys.readouterr().out.strip().splitlines()[-1]
    stored = ApiToken.objects.get(name="Warehouse")
    assert (stored.name, stored.scopes, stored.created_by) == (
        "Warehouse",
        ["catalog:read", "stock:write"],
        admin_user,
    )
    assert api("get", "/warehouses", token=raw).status_code == 200


def test_the_command_refuses_unknown_scopes(admin_user):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown scopes"):
        call_command("create_api_token", "staff", "--name", "X", "--scopes", "root")
    assert not ApiToken.objects.filter(name="X").exists()


def _create(*args) -> tuple[ApiToken, str, list[str]]:
    """Run the command; the token it made, the raw token (last line) and every line."""
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return ApiToken.objects.get(prefix=lines[-1][:8]), lines[-1], lines


def test_the_command_needs_no_name_as_the_issue_writes_it(api, admin_user):
    stored, raw, lines = _create("staff", "--scopes", "catalog:read", "stock:write")

    today = timezone.localdate()
    assert stored.name == f"staff (command line, {today:%Y-%m-%d})"
    assert (stored.scopes, stored.created_by, stored.expires_at) == (
        ["catalog:read", "stock:write"],
        admin_user,
        None,
    )
    assert lines[0] == (
        f"Created API token 'staff (command line, {today:%Y-%m-%d})' with scopes "
        "catalog:read, stock:write; valid until revoked."
    )
    assert api("get", "/warehouses", token=raw).status_code == 200


def test_the_command_sets_an_expiry_in_days(api, admin_user):
    before = timezone.now()
    stored, raw, _ = _create("staff", "--scopes", "catalog:read", "--expires", "30")

    assert before + timedelta(days=30) <= stored.expires_at <= timezone.now() + timedelta(days=30)
    assert api("get", "/warehouses", token=raw).status_code == 200
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now())
    assert api("get", "/warehouses", token=raw).status_code == 401


def test_the_command_sets_an_expiry_date_in_the_shops_time_zone(admin_user, settings):
    settings.TIME_ZONE = "Europe/Vienna"

    stored, _, lines = _create(
        "staff", "--name", "Warehouse", "--scopes", "stock:write", "--expires", "2099-12-31"
    )

    assert stored.expires_at == datetime(2099, 12, 31, tzinfo=ZoneInfo("Europe/Vienna"))
    assert lines[0].endswith("; expires 2099-12-31 00:00 CET.")

    ApiToken.objects.all().delete()
    stored, _, _ = _create("staff", "--scopes", "stock:write", "--expires", "2099-06-01T18:30Z")
    assert stored.expires_at == datetime(2099, 6, 1, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--expires", "0"], "--expires: at least 1 day."),
        (["--expires", "-3"], "--expires '-3': give a number of days"),
        (["--expires", "tomorrow"], "--expires 'tomorrow': give a number of days"),
        (["--expires", "2001-01-01"], "--expires '2001-01-01' is not in the future."),
        (["--expires", "99999999"], "--expires: 99999999 days is too far ahead."),
        (["--name", "  "], "--name cannot be empty."),
        (["--name", "x" * 101], "--name: at most 100 characters."),
        (["--scopes", ","], "Unknown scopes []"),
    ],
)
def test_the_command_refuses_bad_values_and_creates_nothing(admin_user, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("create_api_token", "staff", "--scopes", "catalog:read", *args)

    assert str(refused.value).startswith(message)
    assert not ApiToken.objects.exists()


def test_the_command_refuses_an_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("create_api_token", "nobody", "--scopes", "catalog:read")
    assert not ApiToken.objects.exists()


def test_staff_create_a_token_in_the_admin_and_see_it_once(admin_client, api):
    response = admin_client.post(
        "/admin/api_tokens/new/",
        {"name": "Shipping", "scopes": ["orders:read", "catalog:read"], "expires_at": ""},
        follow=True,
    )

    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    raw = message.rsplit(" ", 1)[-1]
    stored = ApiToken.objects.get(name="Shipping")
    assert stored.scopes == ["orders:read", "catalog:read"]
    assert api("get", "/warehouses", token=raw).status_code == 200
    listing = admin_client.get("/admin/api_tokens/").content.decode()
    assert stored.prefix in listing and raw not in listing


def test_staff_revoke_a_token_in_the_admin(admin_client, api, token):
    stored = ApiToken.objects.get()
    response = admin_client.post(
        f"/admin/api_tokens/edit/{stored.pk}/",
        {"name": "ERP", "scopes": stored.scopes, "expires_at": "", "revoke": "on"},
    )

    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert api("get", "/warehouses").status_code == 401


def test_control_characters_in_the_query_answer_400_not_a_dropped_filter(api):
    response = api("get", "/orders?status=%03")

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
