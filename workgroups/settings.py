"""Settings for Workgroups, read from the environment (see README, "Configuration")."""

import atexit
import os
import secrets
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules
# A test run never reads or writes the user's data dir (./var by default: their database, key
# and collected static files); without WORKGROUPS_DATA_DIR it gets a fresh one of its own, which
# the commands it starts inherit.
if TESTING and not os.environ.get("WORKGROUPS_DATA_DIR"):
    os.environ["WORKGROUPS_DATA_DIR"] = tempfile.mkdtemp(prefix="workgroups-test-")
    atexit.register(shutil.rmtree, os.environ["WORKGROUPS_DATA_DIR"], ignore_errors=True)
DATA_DIR = Path(os.environ.get("WORKGROUPS_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in the data dir."""
    if key := os.environ.get("WORKGROUPS_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Exclusive create: two workers starting at once must agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("WORKGROUPS_DEBUG")
ALLOWED_HOSTS = env_list("WORKGROUPS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "workgroups.registry",
    "workgroups.search",
    "workgroups.web",
    "workgroups.api",
    "workgroups.checks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "workgroups.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "workgroups.web.middleware.ContentSecurityPolicyMiddleware",
    "workgroups.web.middleware.PublishableHtmlMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workgroups.urls"
WSGI_APPLICATION = "workgroups.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The group page's body (web/jinja2/): Django templates took ~6 ms of its cold render.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "workgroups.web.jinja_env.environment"},
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "workgroups.sqlite3",
            # WAL lets readers go on while an import or an edit writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if not os.environ.get("WORKGROUPS_CACHE_URL")
        else "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("WORKGROUPS_CACHE_URL", "workgroups"),
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Hashed, compressed names come from the manifest that `collectstatic` (run by `serve`) writes
# into STATIC_ROOT. A test run must not read whatever an earlier run left there (often the
# user's ./var), so under pytest, as in development, files keep their plain names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Tests and `runserver` serve static files straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Anonymous reads served from ready bytes (workgroups/pagecache.py); tests turn it off.
PAGE_CACHE = env_bool("WORKGROUPS_PAGE_CACHE", True)

# The authority of the Atom feeds' tag: ids (RFC 4151): a domain the PSF holds, not the host
# a request came in by, so that ids stay the same however the site is reached.
WORKGROUPS_TAG_AUTHORITY = os.environ.get("WORKGROUPS_TAG_AUTHORITY", "workgroups.python.org")

# Edit comments ("why") may be longer than a line.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Sign-in is rate-limited by django-axes: after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused for AXES_COOLOFF_TIME. Keyed on the pair, so
# someone guessing from elsewhere does not lock the account's owner out. API tokens do not go
# through authenticate(), so the API is not affected.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A right password clears that pair's count, so old typos do not add up to a lockout.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Security headers; HTTPS-only settings follow WORKGROUPS_HTTPS (on behind a TLS proxy).
HTTPS = env_bool("WORKGROUPS_HTTPS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("WORKGROUPS_SSL_REDIRECT", HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SILENCED_SYSTEM_CHECKS = (
    [] if HTTPS else ["security.W004", "security.W008", "security.W012", "security.W016"]
)

# The bundled PSF record loaded by `workgroups serve` into an empty database.
BUNDLED_DATA = [
    PROJECT_DIR / "data" / "seeds",
    PROJECT_DIR / "data" / "psf-wiki",
]

EMAIL_BACKEND = os.environ.get(
    "WORKGROUPS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("WORKGROUPS_FROM_EMAIL", "workgroups@localhost")
# For django.core.mail.backends.smtp.EmailBackend (invitations, reminders).
EMAIL_HOST = os.environ.get("WORKGROUPS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("WORKGROUPS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("WORKGROUPS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("WORKGROUPS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("WORKGROUPS_EMAIL_USE_TLS")
# A mail server that does not answer fails the invitation instead of holding the request.
EMAIL_TIMEOUT = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
