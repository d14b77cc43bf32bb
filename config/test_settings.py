"""Test settings: the environment's settings with fast hashing and in-memory e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from config.settings import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Every test sees every page built afresh; tests of minutes/caching.py turn the cache on
# (the `kept_cache` fixture in tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No persistent connections: the live server's threads must not keep the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A connection left idle inside a transaction (a live-server thread cut off mid-request)
    # would hold its locks, and the next test's flush would wait on them for ever: PostgreSQL
    # ends such a session after two minutes.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c idle_in_transaction_session_timeout=120s"
    )
ADMINS = [("Registrets administratör", "admin@registret.example.org")]
ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@registret.example.org"
SITE_URL = "https://registret.example.org"
