"""Public pages from the cache, for visitors without a session (digiketen.public_pages lists
which pages, for how long and on which content).

A visitor without a session cookie has no draft, no status codes and no login: for the pages
in that list, the HTML is the same for all of them except two per-visitor values, which are
swapped for fresh ones on every hit so no two visitors share one:
- the CSRF token (Django masks a new one for every response; the cookie comes as usual);
- the form's one-time key (core.once), which leads a repeated submit to its first result.
A visitor with a session, or with messages waiting, gets the page made for them.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from digiketen.core import content_cache, once
from digiketen.public_pages import PUBLIC_PAGES

CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})"')
ONCE_VALUE = re.compile(rb'(name="once" value=")([A-Za-z0-9_-]{16,64})"')
CSRF_MARK, ONCE_MARK = b"\x00csrf\x00", b"\x00once\x00"
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Expires")


def _placeholders(content: bytes) -> bytes:
    content = CSRF_VALUE.sub(lambda m: m.group(1) + CSRF_MARK + b'"', content)
    return ONCE_VALUE.sub(lambda m: m.group(1) + ONCE_MARK + b'"', content)


def _filled(request, content: bytes) -> bytes:
    if CSRF_MARK in content:
        content = content.replace(CSRF_MARK, get_token(request).encode())
    if ONCE_MARK in content:
        content = content.replace(ONCE_MARK, once.new_key().encode())
    return content


class PublicPageCacheMiddleware:
    """Last in MIDDLEWARE: it sees the view's own response, before others add to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_public_page_key", None)
        if key is not None and self._cacheable(request, response):
            seconds = PUBLIC_PAGES[request.resolver_match.view_name][0]
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            cache.set(key, (_placeholders(response.content), headers), seconds)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        rule = PUBLIC_PAGES.get(request.resolver_match.view_name)
        if (
            rule is None
            or request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES  # CookieStorage's cookie: messages waiting
        ):
            return None
        parts = (request.get_full_path(), translation.get_language())
        key = content_cache.cache_key(f"page:{request.resolver_match.view_name}", parts, rule[1])
        hit = cache.get(key)
        if hit is None:
            request._public_page_key = key
            return None
        content, headers = hit
        response = HttpResponse(_filled(request, content))
        for name, value in headers.items():
            response[name] = value
        return response

    @staticmethod
    def _cacheable(request, response) -> bool:
        # A page that started a session or set a cookie other than CSRF's was personal after all.
        return (
            response.status_code == 200
            and not response.streaming
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
            and not request.session.modified
        )
