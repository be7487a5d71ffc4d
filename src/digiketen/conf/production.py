"""Production: PostgreSQL, HTTPS only, no debug, no demo. Refuses to start when misconfigured."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

os.environ.setdefault("DB_ENGINE", "postgresql")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

from digiketen.conf.base import *  # noqa: F403

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")
if DEMO_MODE:  # noqa: F405
    raise ImproperlyConfigured("DEMO_MODE must be off in production.")
if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
if not ALLOWED_HOSTS or set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost"}:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's public host name(s).")
# Links in mails, texts, letters and certificates are read elsewhere and later: a default
# (127.0.0.1:8000) would send every resident to nowhere.
_site = urlsplit(os.environ.get("SITE_URL", ""))
if (
    _site.scheme != "https"
    or _site.path not in ("", "/")
    or not validate_host(_site.hostname or "", ALLOWED_HOSTS)  # noqa: F405
):
    raise ImproperlyConfigured(
        "Set SITE_URL to the public https address of one of ALLOWED_HOSTS, "
        "e.g. https://digiketen.example.nl."
    )
if len(PASS_NUMBER_KEY) < 32:  # noqa: F405
    # Its own key: rotating SECRET_KEY must not make every earlier pass check unrecognisable.
    raise ImproperlyConfigured("Set PASS_NUMBER_KEY to a random value of at least 32 characters.")
if not os.environ.get("SMS_BACKEND"):
    # No quiet default: a message that goes nowhere must not be marked as sent.
    raise ImproperlyConfigured("Set SMS_BACKEND, e.g. digiketen.core.sms.CMBackend.")
if SMS_BACKEND == "digiketen.core.sms.ConsoleBackend" and not DEMO_MODE:  # noqa: F405
    # The console backend only logs: texts with invitation links would end up in the log.
    raise ImproperlyConfigured("The console SMS backend is for development; set SMS_BACKEND.")
if SMS_BACKEND == "digiketen.core.sms.CMBackend" and not SMS_CM_PRODUCT_TOKEN:  # noqa: F405
    raise ImproperlyConfigured("Set SMS_CM_PRODUCT_TOKEN to use the CM.com SMS backend.")

SECURE_SSL_REDIRECT = SSL_REDIRECT  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
