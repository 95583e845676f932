"""Indgang settings: one module, read from the environment.

Every setting has a default that runs on SQLite out of the box; production
sets the environment. Bad combinations are refused by system checks in
``indgang.core.checks`` so they fail at start-up, not at 2 a.m.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


def envbool(name: str, default: str = "False") -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None


def envstr(name: str, default: str = "") -> str:
    return os.getenv(name, default)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = envstr("SECRET_KEY", "indgang-insecure-development-key-change-me")
# Keyed hash for pseudonymous citizen keys (audit, contact register): analysts
# and logs never see a CPR number. Separate from SECRET_KEY so it can be kept
# when the session key is rotated.
PSEUDONYM_KEY = envstr("PSEUDONYM_KEY", "indgang-insecure-pseudonym-key-change-me")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# The public address for links in e-mails, SMS and calendar files
# (https://borger.kk.dk). Required when DEBUG is off; in the demo, empty means
# "the address of the request" (core.site).
SITE_URL = envstr("SITE_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "indgang.core",
    "indgang.identity",
    "indgang.registers",
    "indgang.selfservice",
    "indgang.mining",
    "indgang.demo",
    "indgang.directory",
    "indgang.catalogue",
    "indgang.appointments",
    "indgang.notifications",
    "indgang.cases",
    "indgang.contacts",
    "indgang.insights",
    "indgang.minside",
    "indgang.messaging",
    "indgang.operations",
    "indgang.assistant",
    "indgang.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "indgang.core.db.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "indgang.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "indgang.core.middleware.PublicAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "indgang.identity.middleware.CitizenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "indgang.urls"
WSGI_APPLICATION = "indgang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # Danish dates, amounts and percentages (dkdate, kroner, percent) everywhere.
            "builtins": ["indgang.core.templatetags.formats"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indgang.core.context_processors.site",
                "indgang.workspace.context_processors.staff",
            ],
        },
    },
]

# Rate limits (anonymous questions) and cached OIDC discovery documents live
# in the cache. The demo's single process keeps them in memory; several
# processes must share them, or each enforces its own limit: set
# CACHE_URL=redis://host:6379/0 (check indgang.W002 warns in production), or
# file:///path/to/dir for several processes on one machine (what
# ``indgang supervise --web 2`` sets when CACHE_URL is unset).
CACHE_URL = envstr("CACHE_URL")
if CACHE_URL.startswith("file://"):
    _cache: dict[str, Any] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_URL.removeprefix("file://"),
    }
elif CACHE_URL:
    _cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "indgang",
    }
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {"default": _cache}

# SQLite (WAL) by default so the demo needs no server; PostgreSQL when
# DATABASE_URL is set (production and CI).
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{REPO_DIR / 'var' / 'indgang.sqlite3'}")
# Connections are kept for DATABASE_CONN_MAX_AGE seconds (checked before reuse), so a
# request does not open one; gunicorn's fixed threads bound their number. The
# development server (a thread per connection) closes them (indgang serve).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# SQLite: web and worker processes write at the same time. WAL lets readers
# go on while one writes; IMMEDIATE takes the write lock when a transaction
# begins (a transaction that started reading cannot upgrade to writing and fail
# with "database is locked" halfway); a writer waits up to
# SQLITE_BUSY_TIMEOUT_SECONDS for the lock. Write transactions are kept short
# (no classifier, no network inside them): docs/operations.md.
SQLITE_BUSY_TIMEOUT_SECONDS = envint("SQLITE_BUSY_TIMEOUT_SECONDS", "20")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000};"
        ),
        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": envstr("SQLITE_TEST_NAME", "") or None}
# A PostgreSQL streaming replica for the analytics reads (insights, process
# mining): indgang.core.db routes them; whoever just wrote reads from the
# primary for DATABASE_REPLICA_PIN_SECONDS (docs/operations.md).
DATABASE_REPLICA_URL = envstr("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["indgang.core.db.PrimaryReplicaRouter"]
DATABASE_REPLICA_APPS = envlist("DATABASE_REPLICA_APPS", "insights,mining")
DATABASE_REPLICA_PIN_SECONDS = envint("DATABASE_REPLICA_PIN_SECONDS", "10")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (docs/operations.md): a task left running by a worker that
# has not beaten for WORKER_LEASE_SECONDS is run again; `indgang health` is
# unhealthy without a worker heartbeat for HEALTH_HEARTBEAT_SECONDS or when a
# ready task has waited HEALTH_QUEUE_WAIT_SECONDS.
WORKER_LEASE_SECONDS = envint("WORKER_LEASE_SECONDS", "60")
HEALTH_HEARTBEAT_SECONDS = envint("HEALTH_HEARTBEAT_SECONDS", "60")
HEALTH_QUEUE_WAIT_SECONDS = envint("HEALTH_QUEUE_WAIT_SECONDS", "120")

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "identity:staff-login"
LOGIN_REDIRECT_URL = "workspace:home"
# Staff login rate limit: this many failures per username or per IP address
# within the window locks further attempts until the window has passed.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", "5")
LOGIN_FAILURE_WINDOW_MINUTES = envint("LOGIN_FAILURE_WINDOW_MINUTES", "15")
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed;
# empty: the client address is REMOTE_ADDR (see indgang.core.net).
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = REPO_DIR / "var" / "static"
# Front-end packages come from npm (installed by the Makefile, not committed).
NODE_MODULES = Path(envstr("NODE_MODULES", str(REPO_DIR / "node_modules")))
STATICFILES_DIRS = [
    ("dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vega", NODE_MODULES / "vega" / "build"),
    ("vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vega-embed", NODE_MODULES / "vega-embed" / "build"),
]
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
MEDIA_ROOT = REPO_DIR / "var" / "media"

# Security. Production (DEBUG off) gets secure cookies and HSTS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(60 * 60 * 8))
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(not DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "indgang.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", "False") else None
)
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Citizen identity providers (plugins in indgang.identity.contrib). The test
# IdP lets anyone log in as a synthetic citizen: never in production.
TEST_IDP_ENABLED = envbool("TEST_IDP_ENABLED", "False")
# MitID through OpenID Connect (NemLog-in or a MitID broker): docs/identity.md
# lists the values for each. Checks identity.E001.. refuse a bad combination.
OIDC_ISSUER = envstr("OIDC_ISSUER")
OIDC_CLIENT_ID = envstr("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = envstr("OIDC_CLIENT_SECRET")
# client_secret_basic, client_secret_post or private_key_jwt (with the private
# key as PEM in OIDC_PRIVATE_KEY or in the file OIDC_PRIVATE_KEY_FILE).
OIDC_CLIENT_AUTH_METHOD = envstr("OIDC_CLIENT_AUTH_METHOD", "client_secret_basic")
OIDC_PRIVATE_KEY = envstr("OIDC_PRIVATE_KEY")
OIDC_PRIVATE_KEY_FILE = envstr("OIDC_PRIVATE_KEY_FILE")
OIDC_PRIVATE_KEY_ID = envstr("OIDC_PRIVATE_KEY_ID")
OIDC_SCOPES = envstr("OIDC_SCOPES", "openid mitid ssn")
OIDC_CPR_CLAIM = envstr("OIDC_CPR_CLAIM", "dk.cpr")
OIDC_CVR_CLAIM = envstr("OIDC_CVR_CLAIM", "dk.cvr")
OIDC_BUSINESS_NAME_CLAIM = envstr("OIDC_BUSINESS_NAME_CLAIM", "dk.cvr.name")
OIDC_NAME_CLAIM = envstr("OIDC_NAME_CLAIM", "name")
# The claim carrying the NSIS level of assurance, and the acr_values to ask for
# each level ("substantial=<value>,high=<value>"; empty: ask for none).
OIDC_LOA_CLAIM = envstr("OIDC_LOA_CLAIM", "acr")
OIDC_ACR_VALUES = envstr("OIDC_ACR_VALUES")
# ID tokens signed with any other algorithm are refused, whatever the provider says.
OIDC_SIGNING_ALGORITHMS = envlist("OIDC_SIGNING_ALGORITHMS", "RS256,PS256,ES256")
OIDC_TIMEOUT_SECONDS = envint("OIDC_TIMEOUT_SECONDS", "10")
# The provider's discovery document and keys are cached; a login start checks
# the provider answers at most this often, and after a failure it is not asked
# again for OIDC_RETRY_AFTER_SECONDS (citizens get a clear page meanwhile).
OIDC_DISCOVERY_CACHE_SECONDS = envint("OIDC_DISCOVERY_CACHE_SECONDS", "3600")
OIDC_PROVIDER_CHECK_SECONDS = envint("OIDC_PROVIDER_CHECK_SECONDS", "10")
OIDC_RETRY_AFTER_SECONDS = envint("OIDC_RETRY_AFTER_SECONDS", "30")
OIDC_JWKS_CACHE_SECONDS = envint("OIDC_JWKS_CACHE_SECONDS", "3600")
# A token signed with an unknown key id refetches the keys at most this often.
OIDC_JWKS_REFETCH_SECONDS = envint("OIDC_JWKS_REFETCH_SECONDS", "60")
# The NSIS level of assurance a citizen page needs unless a service asks for
# more: "substantial" for anything showing personal data (NSIS, MitID).
CITIZEN_LEVEL_OF_ASSURANCE = envstr("CITIZEN_LEVEL_OF_ASSURANCE", "substantial")

# Base registers ("grunddata"): which plugin serves each register.
REGISTER_PLUGINS = {
    "person": envstr("PERSON_REGISTER", "embedded"),
    "address": envstr("ADDRESS_REGISTER", "embedded"),
    "business": envstr("BUSINESS_REGISTER", "embedded"),
    "gp": envstr("GP_REGISTER", "embedded"),
    "income": envstr("INCOME_REGISTER", "embedded"),
}

# Self-service: drafts are kept this many days after the last change, then
# purged; a draft untouched for this many hours counts as abandoned.
SELFSERVICE_DRAFT_RETENTION_DAYS = envint("SELFSERVICE_DRAFT_RETENTION_DAYS", "30")
SELFSERVICE_ABANDON_AFTER_HOURS = envint("SELFSERVICE_ABANDON_AFTER_HOURS", "24")
# Fee for changing GP (kr.) by year; a later year without an entry uses the latest.
SELFSERVICE_GP_CHANGE_FEES = {2024: envint("GP_CHANGE_FEE_2024", "225")}
# Fee for a new health card (kr.) by reason; reasons not listed are free.
SELFSERVICE_HEALTH_CARD_FEES = {
    "lost": envint("HEALTH_CARD_FEE", "195"),
    "damaged": envint("HEALTH_CARD_FEE", "195"),
}

# Enkeltydelse (one-off help, aktivloven § 81): assets above this limit (kr.)
# usually mean help is refused; the limit is per person, or per couple.
SELFSERVICE_ASSET_LIMIT_PERSON = envint("ASSET_LIMIT_PERSON", "10000")
SELFSERVICE_ASSET_LIMIT_COUPLE = envint("ASSET_LIMIT_COUPLE", "20000")
# Uploads: the largest file accepted per file field (MB) unless a definition says less.
SELFSERVICE_UPLOAD_MAX_MB = envint("SELFSERVICE_UPLOAD_MAX_MB", "10")
SELFSERVICE_UPLOAD_MAX_FILES = envint("SELFSERVICE_UPLOAD_MAX_FILES", "10")
# Virus scanning of every uploaded file (docs/operations.md): "demo" finds only the
# EICAR test file; "clamd" asks ClamAV's daemon on CLAMD_SOCKET or CLAMD_HOST:CLAMD_PORT.
VIRUS_SCANNER = envstr("VIRUS_SCANNER", "demo")
CLAMD_SOCKET = envstr("CLAMD_SOCKET", "")
CLAMD_HOST = envstr("CLAMD_HOST", "127.0.0.1")
CLAMD_PORT = envint("CLAMD_PORT", "3310")
CLAMD_TIMEOUT = envint("CLAMD_TIMEOUT", "30")

# Notifications (docs/notifications.md). SMS: "outbox" (demo, kept in a table) or
# "http" (JSON POST to SMS_GATEWAY_URL with SMS_GATEWAY_API_KEY).
SMS_GATEWAY = envstr("SMS_GATEWAY", "outbox")
SMS_GATEWAY_URL = envstr("SMS_GATEWAY_URL", "")
SMS_GATEWAY_API_KEY = envstr("SMS_GATEWAY_API_KEY", "")
# Shared secret the gateway signs its delivery reports with (HMAC-SHA256); empty: no reports.
SMS_GATEWAY_CALLBACK_SECRET = envstr("SMS_GATEWAY_CALLBACK_SECRET", "")
SMS_SENDER = envstr("SMS_SENDER", "KbhKommune")
# E-mail: printed to the console in development; SMTP settings from the environment.
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Københavns Kommune <noreply@kk.dk>")
APPOINTMENT_REMINDER_HOURS = envint("APPOINTMENT_REMINDER_HOURS", "24")

# The re-contact window, one for every channel: a case or contact by the same
# citizen about the same matter within this many days is linked to the
# earlier one (cases and contacts.recontact). CONTACTS_RECONTACT_DAYS and
# CASES_RECONTACT_DAYS are its deprecated old names, still read.
RECONTACT_DAYS = envint(
    "RECONTACT_DAYS",
    os.getenv("CONTACTS_RECONTACT_DAYS") or os.getenv("CASES_RECONTACT_DAYS") or "14",
)
# `indgang demo load` adds a year of synthetic contacts at this share of
# Copenhagen's 13.07 M a year (0.01 ≈ 130,000 contacts; 0 for none).
DEMO_CONTACTS_SCALE = float(envstr("DEMO_CONTACTS_SCALE", "0.01"))
# Cases due within this many working days show as "due soon".
CASES_DUE_SOON_DAYS = envint("CASES_DUE_SOON_DAYS", "2")
# Whose caseworkers and front desk run the central triage queue is the active
# municipality's choice (core/data/municipalities/*.json, "triage").

# Messages: outgoing messages are MeMo (Digital Post) messages from this sender,
# delivered by the Digital Post plugin ("inbox": Indgang's own inbox; "sf1601":
# Serviceplatformen, with the organisation certificate as a PEM file).
MESSAGING_DIGITAL_POST = envstr("MESSAGING_DIGITAL_POST", "inbox")
MESSAGING_SENDER_CVR = envstr("MESSAGING_SENDER_CVR", "64942212")
MESSAGING_SENDER_NAME = envstr("MESSAGING_SENDER_NAME", "Københavns Kommune")
MESSAGING_SF1601_CERTIFICATE = envstr("MESSAGING_SF1601_CERTIFICATE")
MESSAGING_SF1601_TEST = envbool("MESSAGING_SF1601_TEST", "False")
MESSAGING_ATTACHMENT_MAX_MB = envint("MESSAGING_ATTACHMENT_MAX_MB", "10")
MESSAGING_DELIVERY_ATTEMPTS = envint("MESSAGING_DELIVERY_ATTEMPTS", "5")
# Closed cases older than this lose their personal data (`indgang cases purge`);
# 5 years, see docs/cases.md for why.
CASES_RETENTION_DAYS = envint("CASES_RETENTION_DAYS", "1826")
# Outbound webhooks to case systems: attempts before a delivery is marked
# failed, the first retry delay (doubled each time) and the request timeout.
CASES_WEBHOOK_MAX_ATTEMPTS = envint("CASES_WEBHOOK_MAX_ATTEMPTS", "8")
CASES_WEBHOOK_BACKOFF_SECONDS = envint("CASES_WEBHOOK_BACKOFF_SECONDS", "30")
CASES_WEBHOOK_TIMEOUT_SECONDS = envint("CASES_WEBHOOK_TIMEOUT_SECONDS", "10")
# The contact form without login: messages accepted per visitor (IP) per hour.
CASES_ANONYMOUS_PER_HOUR = envint("CASES_ANONYMOUS_PER_HOUR", "5")
# Spørg kommunen: questions accepted per visitor (IP) per hour, and the directory
# unit whose phone hours are the hours a person can take over a conversation.
ASSISTANT_QUESTIONS_PER_HOUR = envint("ASSISTANT_QUESTIONS_PER_HOUR", "60")
ASSISTANT_STAFF_UNIT = os.environ.get("ASSISTANT_STAFF_UNIT", "borgerservice-kultorvet")

# Insights (docs/metrics.md): staff cost per hour (kr.) for the business case,
# and the cost of one contact per channel (kr.). Defaults are assumptions:
# minutes of staff time per contact × INSIGHTS_COST_PER_HOUR, see docs/metrics.md.
INSIGHTS_COST_PER_HOUR = envint("INSIGHTS_COST_PER_HOUR", "450")
INSIGHTS_CHANNEL_COSTS = {
    "in_person": envint("INSIGHTS_COST_IN_PERSON", "90"),
    "phone": envint("INSIGHTS_COST_PHONE", "60"),
    "web_form": envint("INSIGHTS_COST_WEB_FORM", "45"),
    "message": envint("INSIGHTS_COST_MESSAGE", "45"),
    "email": envint("INSIGHTS_COST_EMAIL", "45"),
    "chat": envint("INSIGHTS_COST_CHAT", "38"),
    "letter": envint("INSIGHTS_COST_LETTER", "75"),
    "selfservice": envint("INSIGHTS_COST_SELFSERVICE", "8"),
}
# Administrations whose analysts see the municipality-wide overview.
INSIGHTS_WIDE_ADMINISTRATIONS = envlist("INSIGHTS_WIDE_ADMINISTRATIONS", "okf,kff")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "indgang.core.api.Pagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Indgang API",
    "DESCRIPTION": "Citizen-service platform for Danish municipalities.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "indgang.core.api.document_standard_responses",
    ],
    # Cases and contacts both have a "channel" field with their own choices.
    "ENUM_NAME_OVERRIDES": {
        "CaseChannelEnum": "indgang.cases.constants.CaseChannel",
        "ContactChannelEnum": "indgang.contacts.constants.Channel",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
