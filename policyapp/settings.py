"""Settings, read from the environment.

DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DATABASE_URL and the
POLICYAPP_* variables below; README.md lists them all.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from policyapp.dburl import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("POLICYAPP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "policyapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "policyapp.middleware.PermissionsPolicyMiddleware",
    # Compresses HTML (a page of clauses shrinks about fivefold). BREACH: the one secret in
    # pages is the CSRF token, which Django masks afresh in every response, and Django pads
    # compressed responses with random bytes (Heal The Breach); see docs/architecture.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "policyapp.middleware.WroteAtMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "policyapp.urls"
WSGI_APPLICATION = "policyapp.wsgi.application"

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
                "policyapp.views.personal.personal",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL"), default_sqlite=VAR_DIR / "policyapp.sqlite3"
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default: make its folder so a fresh clone just runs.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Ingest runs as a task: queued in the database for `manage.py db_worker` (the default in
# production: a long PDF must never hold a web worker), or inline in development and tests
# (POLICYAPP_TASKS=immediate, the default when DJANGO_DEBUG=1).
# The "database" alias always exists, so a worker can be run and tested in any set-up.
TASK_BACKENDS = {
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
POLICYAPP_TASKS = os.environ.get("POLICYAPP_TASKS", "immediate" if DEBUG else "database")
if POLICYAPP_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"POLICYAPP_TASKS must be one of {sorted(TASK_BACKENDS)}")
TASKS = {"default": TASK_BACKENDS[POLICYAPP_TASKS], "database": TASK_BACKENDS["database"]}
# Which TASKS alias ingest queues on; tests switch it to "database" to drive a real worker.
POLICYAPP_INGEST_BACKEND = "default"

# Rendered pages, keyed by their ETag (see policyapp/views/freshness.py): served again
# without rendering while nothing they show has changed. The size is in pages (a reading
# page is about 100 KB, so 500 stay near 50 MB); 0 turns it off. By default each process
# keeps its own, in memory; with POLICYAPP_PAGE_CACHE_DIR, every process of the machine
# shares one folder of files (a page rendered by one web worker serves them all: under a
# stream of decisions each page is then rendered once per change, not once per worker).
# Several web machines may point "pages" at a shared cache (Redis, Memcached).
POLICYAPP_PAGE_CACHE_ENTRIES = int(os.environ.get("POLICYAPP_PAGE_CACHE_ENTRIES", "500"))
POLICYAPP_PAGE_CACHE_DIR = os.environ.get("POLICYAPP_PAGE_CACHE_DIR", "")
_PAGE_STORE_OPTIONS = {"TIMEOUT": 24 * 3600, "OPTIONS": {"MAX_ENTRIES": POLICYAPP_PAGE_CACHE_ENTRIES}}
if POLICYAPP_PAGE_CACHE_ENTRIES <= 0:
    _PAGE_STORE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
elif POLICYAPP_PAGE_CACHE_DIR:
    _PAGE_STORE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": POLICYAPP_PAGE_CACHE_DIR,
    } | _PAGE_STORE_OPTIONS
else:
    _PAGE_STORE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "policyapp-pages",
    } | _PAGE_STORE_OPTIONS
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": _PAGE_STORE,
}
# Pages that show nothing of their reader but their name, token and own decisions are
# rendered once for every reader with the same permissions (views/personal.py); 0 renders
# them for each reader.
POLICYAPP_SHARED_PAGES = os.environ.get("POLICYAPP_SHARED_PAGES", "1") != "0"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses logins for a locked-out user or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with a user's permissions read in one query (every page asks for them).
    "policyapp.permissions.OneQueryModelBackend",
]
# Login throttling (django-axes): after POLICYAPP_LOGIN_FAILURES wrong passwords for one
# username, or from one address, logins from it are refused for POLICYAPP_LOGIN_COOLOFF_MIN
# minutes; an administrator lifts it sooner (`manage.py axes_reset_username NAME`, or the
# admin's "Access attempts"). A success clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("POLICYAPP_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("POLICYAPP_LOGIN_COOLOFF_MIN", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many reverse proxies stand in front of the app (they append to X-Forwarded-For).
POLICYAPP_PROXY_COUNT = int(os.environ.get("POLICYAPP_PROXY_COUNT", "0" if DEBUG else "1"))
AXES_CLIENT_IP_CALLABLE = "policyapp.client_address.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("POLICYAPP_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("POLICYAPP_MEDIA_ROOT", VAR_DIR / "media"))

# Uploads: files above the limit are refused before they are read into memory.
POLICYAPP_MAX_UPLOAD_BYTES = int(os.environ.get("POLICYAPP_MAX_UPLOAD_MB", "50")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "policyapp.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# A version waiting or being read that shows no progress for this long is marked failed
# (its worker died, or none is running) and can be retried.
POLICYAPP_STUCK_MINUTES = int(os.environ.get("POLICYAPP_STUCK_MINUTES", "15"))

# What one plan may hold: pages of a PDF (refused on the upload form), characters of text
# (refused when read), characters of one clause (a longer run of text is cut into pieces).
POLICYAPP_MAX_PAGES = int(os.environ.get("POLICYAPP_MAX_PAGES", "2000"))
POLICYAPP_MAX_DOCUMENT_CHARS = int(os.environ.get("POLICYAPP_MAX_DOCUMENT_CHARS", "5000000"))
POLICYAPP_MAX_CLAUSE_CHARS = int(os.environ.get("POLICYAPP_MAX_CLAUSE_CHARS", "5000"))
# Seconds a worker may spend reading one file before it gives up on it.
POLICYAPP_MAX_EXTRACT_SECONDS = int(os.environ.get("POLICYAPP_MAX_EXTRACT_SECONDS", "600"))

# Rendered PDF pages: the longest side in pixels, whatever size the file claims.
POLICYAPP_PAGE_IMAGE_MAX_PX = int(os.environ.get("POLICYAPP_PAGE_IMAGE_MAX_PX", "2400"))
# Clauses per page in the reading view and per column of the parallel reader: pages load
# as the reader scrolls, so no response renders thousands of rows.
POLICYAPP_PAGE_CLAUSES = int(os.environ.get("POLICYAPP_PAGE_CLAUSES", "40"))

# The rules page marks a rule whose precision from analysts' decisions is below this, once it
# has at least POLICYAPP_RULE_MIN_DECISIONS decisions.
POLICYAPP_RULE_PRECISION_THRESHOLD = float(os.environ.get("POLICYAPP_RULE_PRECISION_THRESHOLD", "0.5"))
POLICYAPP_RULE_MIN_DECISIONS = int(os.environ.get("POLICYAPP_RULE_MIN_DECISIONS", "10"))

# Where the read-only reference material lives (corpus, gold sets, taxonomy).
POLICYAPP_SHARED_DIR = Path(os.environ.get("POLICYAPP_SHARED_DIR", BASE_DIR.parent / "shared"))

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy: scripts and styles come from our own static files only; no inline
# script, no inline style (attributes included), nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
POLICYAPP_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "interest-cohort",
    )
)  # fmt: skip

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("POLICYAPP_LOG_LEVEL", "INFO")},
}
