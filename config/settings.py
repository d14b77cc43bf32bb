"""Settings for the registry, read from the environment.

DATABASE_URL    database (SQLite file db.sqlite3 by default; postgres://... in production)
SECRET_KEY      required when DEBUG is off
DEBUG           "1"/"true" to turn on debugging (default off)
ALLOWED_HOSTS   comma-separated host names (default: localhost names)

Production (README "I produktion"): CSRF_TRUSTED_ORIGINS, TRUSTED_PROXY_COUNT, USE_X_FORWARDED_HOST,
SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD,
MEDIA_ROOT, LOG_LEVEL, CONN_MAX_AGE.

E-mail (alerts, accessibility reports): EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL, SITE_URL.
"""

import os
import sys
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in (os.environ.get(name) or default).split(",") if part.strip()]


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else int(value)


DEBUG = envbool("DEBUG", False)

# --- Production: the secret key (issue 8, finding 7) -------------------------------------------
# With DEBUG off the key must come from the environment: a missing key stops every command with
# one clear line instead of running production with a key anyone can read in this file. Only the
# commands that read the models and write code, never sign anything nor serve, run without one.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}
if os.environ.get("SECRET_KEY"):
    SECRET_KEY = os.environ["SECRET_KEY"]
elif DEBUG or (sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS):
    SECRET_KEY = "django-insecure-development-key-set-SECRET_KEY"
else:
    raise ImproperlyConfigured(
        "SECRET_KEY saknas. Sätt SECRET_KEY i miljön (till exempel med "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
        "eller DEBUG=1 på din egen dator."
    )
# --- end of the secret key ---------------------------------------------------------------------
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the form renderer's own templates, found by TemplatesSetting below
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "network",
    "minutes",
    "decisions",
    "search",
    "feeds",
    "accessibility",
    "api",
    "alerts",
]

MIDDLEWARE = [
    # /healthz answers before anything else: no host check, no HTTPS redirect, no session
    # (issue 8, finding 7; config/health.py).
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Forms render with the project's templates too (templates/minutes/importing/_field.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE") or 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What readers see is kept between requests (minutes/caching.py) in each app server's memory:
# the keys change with the registry, so several servers never disagree for long and nothing
# has to be shared. The number of entries is bounded; an entry lives at most an hour.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "registry",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Published minutes readable without logging in (default: members only).
REGISTRY_PUBLIC = envbool("REGISTRY_PUBLIC", False)

# --- Production: HTTPS, proxy, cookies, logs (issue 8, finding 7) -----------------------------
# Strict by default with DEBUG off; each can be set from the environment (README "I produktion").
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
# Believe X-Forwarded-Proto only behind a proxy that sets it (and drops the client's own): with
# TRUSTED_PROXY_COUNT=1 or more (the same variable tells the login throttling below how to read
# X-Forwarded-For) a request the proxy received over HTTPS counts as secure. Off by default,
# since otherwise any client could claim HTTPS by sending the header.
if envint("TRUSTED_PROXY_COUNT", 0) > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Host names from X-Forwarded-Host, for a proxy that rewrites Host (still checked against
# ALLOWED_HOSTS). Most proxies pass Host on unchanged: leave it off.
USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOG_LEVEL = (os.environ.get("LOG_LEVEL") or "WARNING").upper()
# Logs go to stdout, one line each, for the process manager or container to collect.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    # Django's own loggers print through the same handler, once (not also to stderr with DEBUG).
    "loggers": {"django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False}},
}
# --- end of production -------------------------------------------------------------------------

# --- Hardening: links, headers, request bodies, login throttling (issue 8, findings 1, 5, 8) ---
# One block on purpose (deployment settings are edited elsewhere in this file at the same time).
# The middleware and helpers named here live in config/security.py.

# Content-Security-Policy and Permissions-Policy on every response. The pages use no inline
# script or style, so scripts and styles come from this site only. Same form as Django 6.0's
# SECURE_CSP setting, so the upgrade is swapping SecurityHeadersMiddleware for Django's.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# No camera, microphone, location, payment... for this site or anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "idle-detection",
        "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# Request bodies are capped before anything reads them (RequestBodyGuardMiddleware): at most
# REQUEST_BODY_MAX_BYTES (an attachment is up to 20 MB; the import caps itself at 10 MB with
# @request_body_max_bytes), and visitors who are not logged in post only to the views below
# and the login pages, and no more than DATA_UPLOAD_MAX_MEMORY_SIZE. Form fields (not files)
# above DATA_UPLOAD_MAX_MEMORY_SIZE are refused by Django; uploaded files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory.
REQUEST_BODY_MAX_BYTES = 21 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB (Django's default, stated)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
ANONYMOUS_POST_VIEWS = {"set_language", "logout"}  # resolver view names

# Login throttling with django-axes: after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked for AXES_COOLOFF_TIME (the Swedish page in
# templates/registration/locked_out.html, on /logga-in/ and /admin/login/ alike). Lift a lock
# early in the admin under "Axes > Access attempts" (delete the attempt).
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
# TRUSTED_PROXY_COUNT: how many reverse proxies in front of the app append the client's
# address to X-Forwarded-For (nginx: proxy_add_x_forwarded_for). 0 (default): REMOTE_ADDR is
# the client, and X-Forwarded-For is ignored because anyone can send it. Behind one nginx set
# TRUSTED_PROXY_COUNT=1, or every login would count against the proxy's own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)

MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "config.security.SecurityHeadersMiddleware",
)
MIDDLEWARE.insert(  # must come before CSRF, which reads the whole body
    MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"),
    "config.security.RequestBodyGuardMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes asks

# --- The accessibility statement and its report form (issue 12) -------------------------------
# /tillganglighet/ names who runs the site and where to write; reports from its form are kept in
# the admin and e-mailed to ADMINS ("Namn <adress>, adress2"), or to the contact address when no
# administrator is named. E-mail goes out through Django's EMAIL_* settings.
SITE_OWNER = os.environ.get("SITE_OWNER") or "Göteborgsregionen"
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL") or ""
EMAIL_SUBJECT_PREFIX = "[Registret] "
ADMINS = [
    (name, address) for name, address in getaddresses([os.environ.get("ADMINS") or ""]) if address
]
# --- end of the accessibility statement -------------------------------------------------------

# --- E-mail and alerts (issue 12) -------------------------------------------------------------
# Alerts ("Mina bevakningar") are mailed by `manage.py send_alerts`, run by a timer (README "I
# produktion"); the accessibility reports go out through the same settings. With DEBUG on and no
# EMAIL_BACKEND set, mail is printed to the console instead of sent.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)  # TLS from the start, usually port 465
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)  # seconds: a hung mail server does not hang the timer
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "Registret <registret@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address for links in e-mail sent outside a request ("https://registret.example.org").
SITE_URL = (os.environ.get("SITE_URL") or ("http://localhost:8000" if DEBUG else "")).rstrip("/")
# --- end of e-mail and alerts -----------------------------------------------------------------
