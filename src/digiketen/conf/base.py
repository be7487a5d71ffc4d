"""Settings shared by every environment. Each operator-facing value comes from an env var."""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from digiketen.conf.env import env

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = BASE_DIR / env(
    "DIGIKETEN_VAR_DIR",
    default="var",
    help_text="Folder for the SQLite database (relative to the project, or absolute).",
)

SECRET_KEY = env(
    "SECRET_KEY",
    default="",
    help_text="Long random secret for signing sessions and tokens. Required in production.",
)
DEBUG = env("DEBUG", default=False, cast=bool, help_text="Show debug pages. Never in production.")
ALLOWED_HOSTS = env(
    "ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost"],
    cast=list,
    help_text="Comma-separated host names this site answers to. Required in production.",
)
CSRF_TRUSTED_ORIGINS = env(
    "CSRF_TRUSTED_ORIGINS",
    default=[],
    cast=list,
    help_text="Comma-separated origins (https://host) allowed to POST, when behind a proxy.",
)
DEMO_MODE = env(
    "DEMO_MODE",
    default=False,
    cast=bool,
    help_text="Demo site: demo accounts and a fixed demo 2FA code. Never in production.",
)
DEMO_OTP_CODE = "123456"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "digiketen.core",
    "digiketen.accounts",
    "digiketen.organisations",
    "digiketen.directory",
    "digiketen.inventory",
    "digiketen.donations",
    "digiketen.applications",
    "digiketen.helpdesk",
    "digiketen.learning",
]

MIDDLEWARE = [
    # First, so it compresses what every other middleware has finished; see its docstring for
    # which responses it leaves alone (BREACH, docs/decisions/0016).
    "digiketen.core.middleware.PublicGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cache-Control on every response, the static files too.
    "digiketen.core.http.ResponseHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Control characters in the address or a form get a 400 before anything reads the database.
    "digiketen.core.http.RequestCheckMiddleware",
    "digiketen.core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # 405 for a method the view does not declare, before CSRF can answer 403.
    "digiketen.core.http.MethodMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's middleware, reading the second factor from what the user's query brought.
    "digiketen.accounts.middleware.OTPMiddleware",
    "digiketen.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "digiketen.core.middleware.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "digiketen.api.middleware.APIVersionMiddleware",
    # Last: it answers from the cache only after every check above has passed.
    "digiketen.core.page_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "digiketen.urls"
CSRF_FAILURE_VIEW = "digiketen.core.error_views.csrf_failure"
FORM_RENDERER = "digiketen.core.forms_renderer.FormRenderer"
WSGI_APPLICATION = "digiketen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "digiketen.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default (trying it out), PostgreSQL in production. The PostgreSQL
# connection uses the standard libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD).
DB_ENGINE = env(
    "DB_ENGINE",
    default="sqlite",
    help_text="'sqlite' (embedded, for trying out) or 'postgresql' (production).",
)
_PG_NAME = env("PGDATABASE", default="digiketen", help_text="PostgreSQL database name.")
_PG_CONN_MAX_AGE = env(
    "DB_CONN_MAX_AGE", default=60, cast=int, help_text="Seconds a PostgreSQL connection is reused."
)
_PG_CONN_HEALTH_CHECKS = env(
    "DB_CONN_HEALTH_CHECKS",
    default=True,
    cast=bool,
    help_text="Check a reused PostgreSQL connection before each request that uses it (one "
    "round trip more; without it, a request after a database restart fails once).",
)
if DB_ENGINE == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _PG_NAME,
            "CONN_MAX_AGE": _PG_CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": _PG_CONN_HEALTH_CHECKS,
        }
    }
elif DB_ENGINE == "sqlite":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "digiketen.sqlite3",
            # The embedded default must survive parallel requests: WAL lets readers go on
            # while one writer writes; IMMEDIATE takes the write lock at the start of a
            # transaction (no deadlock when a reader upgrades); the busy timeout makes a
            # writer wait for the lock instead of failing with "database is locked".
            # synchronous=NORMAL is safe with WAL (a power cut loses at most the last commits,
            # never the database) and makes each commit cheaper.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": env(
                    "SQLITE_BUSY_TIMEOUT",
                    default=20,
                    cast=int,
                    help_text="Seconds a SQLite writer waits for another one's lock.",
                ),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
else:
    raise ValueError(f"DB_ENGINE must be 'sqlite' or 'postgresql', not {DB_ENGINE!r}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache for what is the same for every visitor (site configuration, public pages of the
# finder, the printed overview). Entries carry a version from the database that every edit
# moves on (core.content_cache), so a change shows at once in every process; the default
# per-process memory needs no extra service. A shared cache (e.g. Django's RedisCache)
# only saves work across processes.
CACHES = {
    "default": {
        "BACKEND": env(
            "CACHE_BACKEND",
            default="django.core.cache.backends.locmem.LocMemCache",
            help_text="Django cache backend for public pages and settings (per process by "
            "default).",
        ),
        "LOCATION": env(
            "CACHE_LOCATION",
            default="digiketen",
            help_text="Where the cache backend keeps its entries (e.g. redis://host:6379/0).",
        ),
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

# Argon2id first: memory-hard, the hasher Django's documentation recommends. The cost is the
# first of the OWASP Password Storage Cheat Sheet's configurations (19 MiB, 2 passes, 1 lane):
# tens of milliseconds of CPU per login instead of PBKDF2's half to one CPU-second, so 50
# staff logging in at 9:00 do not queue behind each other, while each guess still costs an
# attacker 19 MiB of memory. The other hashers stay so older hashes still verify; Django
# rehashes them with Argon2 at the next login.
PASSWORD_HASHERS = [
    "digiketen.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "digiketen.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:workspace"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Database sessions, loaded with one statement instead of an ORM query (core.sessions).
SESSION_ENGINE = "digiketen.core.sessions"
# Idle timeout: the session expires this long after the last request. Sessions are saved
# when they change, and otherwise at most once a minute to move the expiry on
# (core.middleware.SessionMiddleware), not on every request.
SESSION_COOKIE_AGE = 60 * env(
    "SESSION_IDLE_MINUTES",
    default=30,
    cast=int,
    help_text="Minutes without activity after which a staff member is logged out.",
)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Login lockout (django-axes): a username is locked for a while after repeated failures
# from the same address, so a guesser cannot lock out a colleague from elsewhere.
AXES_FAILURE_LIMIT = env(
    "LOGIN_FAILURE_LIMIT",
    default=5,
    cast=int,
    help_text="Failed logins in a row before the account is locked for this address.",
)
AXES_COOLOFF_TIME = (
    env(
        "LOGIN_LOCKOUT_MINUTES",
        default=15,
        cast=int,
        help_text="Minutes a locked login stays locked.",
    )
    / 60
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "digiketen.accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "digiketen.accounts.backends.axes_username"
# The lockout sees the visitor as the rate limits do: from X-Forwarded-For behind PROXY_COUNT
# proxies (core.ratelimit.client_ip), IPv6 per /64.
AXES_CLIENT_IP_CALLABLE = "digiketen.core.ratelimit.client_address"
PROXY_COUNT = env(
    "PROXY_COUNT",
    default=0,
    cast=int,
    help_text="Number of reverse proxies in front of the app that each append the address of "
    "their client to X-Forwarded-For; 0 ignores that header.",
)
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env(
    "OTP_ISSUER",
    default="digiketen",
    help_text="Name shown in the authenticator app next to the account.",
)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
# The project's strings, then Django's own form messages in our words (framework_locale).
LOCALE_PATHS = [SRC_DIR / "locale", SRC_DIR / "framework_locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = BASE_DIR / env(
    "STATIC_ROOT",
    default="staticfiles",
    help_text="Folder that collectstatic fills and WhiteNoise or the proxy serves.",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

_MAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
    help_text="Django e-mail backend; django.core.mail.backends.smtp.EmailBackend in production.",
)
_SMTP_OPTIONS = {
    "host": env("EMAIL_HOST", default="localhost", help_text="SMTP server."),
    "port": env("EMAIL_PORT", default=587, cast=int, help_text="SMTP port."),
    "username": env("EMAIL_HOST_USER", default="", help_text="SMTP user name."),
    "password": env("EMAIL_HOST_PASSWORD", default="", help_text="SMTP password."),
    "use_tls": env("EMAIL_USE_TLS", default=True, cast=bool, help_text="Use STARTTLS for SMTP."),
}
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND}}
if _MAIL_BACKEND.endswith(".smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = _SMTP_OPTIONS
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL",
    default="digiketen <noreply@localhost>",
    help_text="Sender address of e-mails to staff and residents.",
)

SMS_BACKEND = env(
    "SMS_BACKEND",
    default="digiketen.core.sms.ConsoleBackend",
    help_text="SMS backend: digiketen.core.sms.ConsoleBackend (development: log only, "
    "nothing is sent) or digiketen.core.sms.CMBackend (CM.com gateway). Production has no "
    "default and refuses the console backend.",
)
SMS_CM_PRODUCT_TOKEN = env(
    "SMS_CM_PRODUCT_TOKEN",
    default="",
    help_text="Product token of the CM.com gateway; required with the CM backend.",
)
SMS_SENDER = env(
    "SMS_SENDER",
    default="digiketen",
    help_text="Sender shown on the phone: at most 11 letters and digits, no spaces.",
)
SMS_TIMEOUT = env(
    "SMS_TIMEOUT", default=10, cast=int, help_text="Seconds to wait for the SMS gateway."
)
SMS_COUNTRY_CODES = env(
    "SMS_COUNTRY_CODES",
    default=["31"],
    cast=list,
    help_text="Country codes (comma-separated, e.g. 31,32,49) of foreign mobile numbers that "
    "may get SMS; Dutch numbers always may.",
)
PASS_NUMBER_KEY = env(
    "PASS_NUMBER_KEY",
    default="",
    help_text="Secret key for the keyed hash of municipal pass numbers; empty uses SECRET_KEY. "
    "Changing it makes earlier pass checks unrecognisable for the household rule.",
)

# Background work (mail, reminders, retention) runs through django.tasks. Production uses the
# database backend with `manage.py db_worker`; several workers may run at once.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            default="django_tasks_db.DatabaseBackend",
            help_text="django.tasks backend. The database backend needs `manage.py db_worker`.",
        )
    }
}

SITE_URL = env(
    "SITE_URL",
    default="http://127.0.0.1:8000",
    help_text="Public https address of the site, for the links in mails, texts, letters, "
    "certificates and labels. Required in production; `make run` sets it to the address it serves.",
)
GEOCODER_URL = env(
    "GEOCODER_URL",
    default="https://api.pdok.nl/bzk/locatieserver/search/v3_1/free",
    help_text="PDOK Locatieserver 'free' endpoint for postcodes; empty switches geocoding off.",
)
GEOCODER_TIMEOUT = env(
    "GEOCODER_TIMEOUT", default=3, cast=int, help_text="Seconds to wait for the geocoder."
)
SERVICE_CONFIRM_MONTHS = env(
    "SERVICE_CONFIRM_MONTHS",
    default=6,
    cast=int,
    help_text="Months after which a partner is asked to confirm a service is still correct.",
)
ASSET_TAG_PREFIX = env(
    "ASSET_TAG_PREFIX", default="DK", help_text="Prefix of device asset tags, e.g. DK-000042."
)
ASSET_TAG_DIGITS = env(
    "ASSET_TAG_DIGITS", default=6, cast=int, help_text="Digits of the number in an asset tag."
)
DEVICE_AGE_LIMIT_YEARS = env(
    "DEVICE_AGE_LIMIT_YEARS",
    default=5,
    cast=int,
    help_text="Devices older than this go to parts at triage.",
)
APPLICATION_RETENTION_MONTHS = env(
    "APPLICATION_RETENTION_MONTHS",
    default=6,
    cast=int,
    help_text="Months after a return, a gift handout, a rejection or a closure after which a "
    "resident's application is made anonymous.",
)
BUDDY_RETENTION_MONTHS = env(
    "BUDDY_RETENTION_MONTHS",
    default=12,
    cast=int,
    help_text="Months after a buddy match ended (or a request closed without one) after which "
    "the resident's name and contact details are removed; the figures keep counting.",
)
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["digiketen.api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "digiketen.api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "digiketen API",
    "DESCRIPTION": "API of digiketen. The public finder is also served as Open Referral HSDS "
    "3.0 under /api/hsds/.",
    "VERSION": API_VERSION,
    "CONTACT": {
        "name": "digiketen",
        "url": "https://github.com/digiketen/digiketen",
        "email": "digiketen@example.org",
    },
    "OAS_VERSION": "3.0.3",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVERS": [{"url": "/api/v1"}],
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "COMPONENT_SPLIT_REQUEST": True,
}
SSL_REDIRECT = env(
    "SECURE_SSL_REDIRECT",
    default=True,
    cast=bool,
    help_text="Production: redirect HTTP to HTTPS (off only when the proxy already does it).",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: every page works with these rules.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env("LOG_LEVEL", default="INFO", help_text="Level of the console log."),
    },
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django adds its own console handler in DEBUG; log through ours only.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
