"""Django settings for credstack, read from the environment (see docs/configuration.md).

With no environment at all this gives a working development install: SQLite in WAL mode under
``./var``, DEBUG on, a generated secret key kept in the data directory, mail written to files.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from credstack.conf import env_bool, env_int, env_list, env_str, persistent_secret

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("CREDSTACK_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", default=env_str("CREDSTACK_ENV", "development") == "development")
SECRET_KEY = env_str("SECRET_KEY") or persistent_secret(DATA_DIR, "secret_key")
# The key-encryption key that protects issuers' private keys at rest (issuance app).
KEY_ENCRYPTION_KEY = env_str("CREDSTACK_KEK") or persistent_secret(DATA_DIR, "key_encryption_key")

# The public address of this platform: credential ids, issuer profiles, did:web and status list
# URLs are built from it, so it must be the address the world reaches (https in production).
BASE_URL = env_str("CREDSTACK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PLATFORM_NAME = env_str("CREDSTACK_PLATFORM_NAME", "credstack")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "credstack.accounts",
    "credstack.skills",
    "credstack.catalog",
    "credstack.learning",
    "credstack.assessment",
    "credstack.design",
    "credstack.issuance",
    "credstack.verification",
    "credstack.integrations",
    "credstack.insights",
    "credstack.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "credstack.urls"
WSGI_APPLICATION = "credstack.wsgi.application"

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
                "credstack.web.context.platform",
            ],
        },
    }
]

_database_url = env_str("DATABASE_URL")
if _database_url:
    # Health checks: a kept connection the server dropped (restart, idle timeout) is replaced
    # at the start of the next request instead of failing it.
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "credstack.sqlite3"),
            # Keep a thread's connection across requests, as for PostgreSQL: opening one runs
            # the PRAGMAs below, which cost as much as a whole verification. Reads in
            # autocommit still see every commit (each statement takes a fresh WAL snapshot).
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue instead of failing with "database is locked"
                # half-way through a transaction.
                "init_command": (
                    "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Mail is sent through the outbox (accounts.outbox); this is where the outbox hands it over.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "credstack <no-reply@credstack.localhost>")

_redis_url = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "bulk"],
    }
}
# TASKS_BACKEND=django_tasks_rq.RQBackend: the same tasks on Redis queues, worked by
# `credstack rqworker default bulk` on any number of machines (docs/deploy.md).
if str(TASKS["default"]["BACKEND"]).startswith("django_tasks_rq."):
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        name: {"URL": _redis_url or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}
        for name in TASKS["default"]["QUEUES"]
    }

# Bulk issuance (issuance.bulk): the largest CSV accepted, rows signed per chunk, chunk tasks
# run side by side per job, and how long a claimed chunk belongs to its worker before another
# may assume it died.
BULK_UPLOAD_MAX_BYTES = env_int("CREDSTACK_BULK_UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
BULK_CHUNK_SIZE = env_int("CREDSTACK_BULK_CHUNK_SIZE", 1000, minimum=1)
BULK_PARALLEL_TASKS = env_int("CREDSTACK_BULK_PARALLEL_TASKS", 2, minimum=1)
BULK_CLAIM_LEASE_SECONDS = env_int("CREDSTACK_BULK_CLAIM_LEASE_SECONDS", 300, minimum=1)
# Seconds a bulk task works chunks before it hands over to a successor (0: one chunk a task).
BULK_TASK_SLICE_SECONDS = env_int("CREDSTACK_BULK_TASK_SLICE_SECONDS", 20, minimum=0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"credstack": {"level": env_str("LOG_LEVEL", "INFO"), "propagate": True}},
}

# In tests, hashing passwords slowly only slows the suite.
if os.environ.get("CREDSTACK_FAST_PASSWORD_HASHER") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
