import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_with_production_settings_prints_no_warnings():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "DATABASE_URL"}  # set by test runs
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "k3!x9-Qz7vT2mW8pL5nR1sY6uB4cD0eF-gH3jK7lM9oP2qS5tV8wX1zA4",
        "ALLOWED_HOSTS": "registret.example.org",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_flags_the_development_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "ALLOWED_HOSTS": "registret.example.org"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert "security.W009" in result.stdout + result.stderr
