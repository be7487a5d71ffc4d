"""Test settings: the database comes from DB_ENGINE (sqlite by default, postgresql in CI)."""

import os

os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("GEOCODER_URL", "")  # tests use recorded answers, never the network
os.environ.setdefault("SMS_BACKEND", "digiketen.core.sms.LocmemBackend")
os.environ.setdefault("DIGIKETEN_VAR_DIR", "/tmp/digiketen-test")  # noqa: S108

from digiketen.conf.base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
if DB_ENGINE == "sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
# Static files come from the app folders (runserver and live_server serve them).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
