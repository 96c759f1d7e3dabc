"""Production settings: safe by default, and `check --deploy` has nothing to report."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "storefront.settings.production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-" + "y" * 20,
    "DATABASE_URL": "postgres://shop:secret@db.internal:5432/shop",
    "ALLOWED_HOSTS": "shop.example.com",
    "WAGTAILADMIN_BASE_URL": "https://shop.example.com",
}


def run_python(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def shop_env(overrides: dict, drop=()) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.pop("REDIS_URL", None)
    return {**env, **overrides}


def run_manage(*args, env_overrides: dict, drop=()):
    return run_python("manage.py", *args, env=shop_env(env_overrides, drop))


def print_settings(expression: str, env_overrides: dict) -> str:
    """The last line `python -c` prints for `expression` under these settings: only the
    settings module is imported, not the apps (a tenth of a Django start-up)."""
    script = f"from django.conf import settings; print({expression})"
    result = run_python("-c", script, env=shop_env(env_overrides))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "WAGTAILADMIN_BASE_URL"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = run_manage("check", env_overrides=env, drop=(missing,))

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_production_never_starts_the_private_database():
    host = print_settings("settings.DATABASES['default']['HOST']", PRODUCTION_ENV)

    assert host == "db.internal"


def test_python_dash_m_storefront_works_like_manage_py():
    env = {**os.environ, **PRODUCTION_ENV}
    result = run_python("-m", "storefront", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr


def test_redis_url_caches_in_redis_and_keeps_sessions_and_limits_in_the_database():
    expression = (
        "*(settings.CACHES[alias]['BACKEND'] for alias in ('default', 'pages', 'renditions', "
        "'limits')), settings.SESSION_ENGINE, settings.CACHES['default']['OPTIONS']"
    )
    printed = print_settings(expression, {**PRODUCTION_ENV, "REDIS_URL": "redis://cache:6379/1"})

    assert printed == (
        "storefront.cache_backends.DegradingRedisCache "
        "storefront.cache_backends.DegradingRedisCache "
        "storefront.cache_backends.DegradingRedisCache "
        "storefront.database_cache.UpsertDatabaseCache "
        "storefront.sessions "
        "{'SOCKET_CONNECT_TIMEOUT': 0.25, 'SOCKET_TIMEOUT': 0.5, 'RETRY_AFTER_SECONDS': 5}"
    )


def test_redis_timeouts_come_from_the_environment():
    env = {
        **PRODUCTION_ENV,
        "REDIS_URL": "redis://cache:6379/1",
        "REDIS_TIMEOUT_MS": "200",
        "REDIS_RETRY_SECONDS": "2",
    }
    printed = print_settings("settings.CACHES['pages']['OPTIONS']", env)

    assert printed == (
        "{'SOCKET_CONNECT_TIMEOUT': 0.1, 'SOCKET_TIMEOUT': 0.2, 'RETRY_AFTER_SECONDS': 2}"
    )


def test_without_redis_cache_and_sessions_live_in_the_database():
    expression = "settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE"
    printed = print_settings(expression, PRODUCTION_ENV)

    assert printed == ("storefront.database_cache.UpsertDatabaseCache storefront.sessions")
