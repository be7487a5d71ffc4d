"""Settings for the benchmarks: the production middleware and caching, no debug, plus a bare
view at /bench/ok to compare against. Lives in bench/, so the bare view is never part of the
site's own URLs. Demo mode stays on for the demo accounts and their fixed 2FA code."""

import os

os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("GEOCODER_URL", "")  # loopback only: the finder uses its own fallbacks
# The database runs beside the app and is not restarted during a run: no check of the reused
# connection before each request (a round trip per request that reads; see DB_CONN_HEALTH_CHECKS).
os.environ.setdefault("DB_CONN_HEALTH_CHECKS", "false")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from digiketen.conf.base import *  # noqa: F403

SECRET_KEY = "bench-only-insecure-key-bench-only-insecure-key-0123"
ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Hashed static file names as in production; scenario.prepare() runs collectstatic here.
STATIC_ROOT = Path("/tmp/digiketen-bench/static")  # noqa: F405
