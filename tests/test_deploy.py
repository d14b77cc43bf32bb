"""Running in production: settings from the environment, /healthz, logs, the database created."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.db import DatabaseError, connection

from config import health

ROOT = Path(__file__).resolve().parents[1]
KEY = "k3!x9-Qz7vT2mW8pL5nR1sY6uB4cD0eF-gH3jK7lM9oP2qS5tV8wX1zA4"
# set by test runs; a production environment has none of them
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "DATABASE_URL", "SECRET_KEY"}


def manage(*args, **env):
    """manage.py in a fresh process with the production settings module and the given env."""
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def setting(name, **env):
    code = f"from django.conf import settings; print(settings.{name})"
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.stderr == ""
    return result.stdout.strip()


def test_check_deploy_with_production_settings_prints_no_warnings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY=KEY, ALLOWED_HOSTS="registret.example.org",
    )  # fmt: skip

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_behind_a_trusted_proxy_prints_no_warnings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY=KEY, ALLOWED_HOSTS="registret.example.org", TRUSTED_PROXY_COUNT="1",
        CSRF_TRUSTED_ORIGINS="https://registret.example.org",
    )  # fmt: skip

    assert (result.returncode, result.stderr) == (0, "")


def test_settings_without_secret_key_refused_with_a_clear_error():
    result = manage("check", ALLOWED_HOSTS="registret.example.org")

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY saknas. Sätt SECRET_KEY i miljön" in result.stderr


def test_settings_without_secret_key_with_debug_use_a_development_key():
    result = manage("check", DEBUG="1")

    assert (result.returncode, result.stderr) == (0, "")


def test_settings_forwarded_proto_ignored_unless_behind_a_trusted_proxy():
    assert setting("SECURE_PROXY_SSL_HEADER", SECRET_KEY=KEY) == "None"
    assert setting("SECURE_PROXY_SSL_HEADER", SECRET_KEY=KEY, TRUSTED_PROXY_COUNT="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_settings_hsts_from_the_environment():
    assert setting("SECURE_HSTS_SECONDS", SECRET_KEY=KEY) == "31536000"
    assert setting("SECURE_HSTS_SECONDS", SECRET_KEY=KEY, SECURE_HSTS_SECONDS="3600") == "3600"


def test_logs_go_to_stdout():
    result = manage(
        "shell", "-c", "import logging; logging.getLogger('minutes').warning('Loggen fungerar')",
        SECRET_KEY=KEY,
    )  # fmt: skip

    assert result.stderr == ""
    assert "WARNING minutes" in result.stdout
    assert "Loggen fungerar" in result.stdout


# --- /healthz --------------------------------------------------------------------------------


def test_healthz_ok_in_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Cache-Control"] == "no-store"


def test_healthz_needs_no_login_even_when_the_registry_is_not_public(client, db, settings):
    settings.REGISTRY_PUBLIC = False

    response = client.get("/healthz")

    assert response.status_code == 200


def test_healthz_answers_a_balancer_over_http_by_address(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert (response.status_code, response.content) == (200, b"ok")


class DatabaseDown:
    def cursor(self):
        raise DatabaseError("connection refused")


def test_healthz_database_down_503(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", DatabaseDown())

    response = client.get("/healthz")

    assert (response.status_code, response.content) == (503, b"database unavailable")


def test_healthz_other_paths_pass_through(client, db):
    response = client.get("/healthzz")

    assert response.status_code == 404


# --- the database created on first run ---------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite creates its file itself")
def test_ensure_database_creates_a_missing_postgresql_database(db):
    configured = dj_database_url.parse(os.environ["DATABASE_URL"])
    fresh = f"{configured['NAME']}_fresh_{uuid.uuid4().hex[:8]}"
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{fresh}"
    try:
        first = manage("ensure_database", DEBUG="1", DATABASE_URL=url)
        second = manage("ensure_database", DEBUG="1", DATABASE_URL=url)

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [fresh])
            assert cursor.fetchone() == (1,)
        assert (first.returncode, first.stdout, first.stderr) == (
            0,
            f"Databasen {fresh} är skapad.\n",
            "",
        )
        assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
    finally:
        with connection._nodb_cursor() as cursor:  # autocommit: DROP DATABASE needs it
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')


def test_makemigrations_runs_without_a_secret_key():
    """It only reads the models and writes code: a newcomer's `manage.py makemigrations --check`
    works without a key; every other command still refuses (above)."""
    result = manage("makemigrations", "--check", "--dry-run", ALLOWED_HOSTS="registret.example.org")

    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected")
