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


def run_manage(*args, env_overrides: dict, drop=()):
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.pop("REDIS_URL", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


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
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['HOST'])",
        env_overrides=PRODUCTION_ENV,
    )

    assert result.stdout.strip().splitlines()[-1] == "db.internal"


def test_python_dash_m_storefront_works_like_manage_py():
    env = {key: value for key, value in os.environ.items()}
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "-m", "storefront", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr


def test_redis_url_caches_in_redis_and_keeps_sessions_and_limits_in_the_database():
    script = (
        "from django.conf import settings; "
        "print(*(settings.CACHES[alias]['BACKEND'] for alias in ('default', 'pages', "
        "'renditions', 'limits')), settings.SESSION_ENGINE, settings.CACHES['default']['OPTIONS'])"
    )
    result = run_manage(
        "shell", "-c", script, env_overrides={**PRODUCTION_ENV, "REDIS_URL": "redis://cache:6379/1"}
    )

    assert result.stdout.strip().splitlines()[-1] == (
        "storefront.cache_backends.DegradingRedisCache "
        "storefront.cache_backends.DegradingRedisCache "
        "storefront.cache_backends.DegradingRedisCache "
        "django.core.cache.backends.db.DatabaseCache "
        "django.contrib.sessions.backends.db "
        "{'SOCKET_CONNECT_TIMEOUT': 0.25, 'SOCKET_TIMEOUT': 0.5, 'RETRY_AFTER_SECONDS': 5}"
    )


def test_redis_timeouts_come_from_the_environment():
    script = "from django.conf import settings; print(settings.CACHES['pages']['OPTIONS'])"
    env = {
        **PRODUCTION_ENV,
        "REDIS_URL": "redis://cache:6379/1",
        "REDIS_TIMEOUT_MS": "200",
        "REDIS_RETRY_SECONDS": "2",
    }
    result = run_manage("shell", "-c", script, env_overrides=env)

    assert result.stdout.strip().splitlines()[-1] == (
        "{'SOCKET_CONNECT_TIMEOUT': 0.1, 'SOCKET_TIMEOUT': 0.2, 'RETRY_AFTER_SECONDS': 2}"
    )


def test_without_redis_cache_and_sessions_live_in_the_database():
    script = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    )
    result = run_manage("shell", "-c", script, env_overrides=PRODUCTION_ENV)

    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.cache.backends.db.DatabaseCache django.contrib.sessions.backends.db"
    )
