"""Public pages from the cache, for visitors without a session (digiketen.public_pages lists
which pages, for how long and on which content).

A visitor without a session cookie has no draft, no status codes and no login: for the pages
in that list, the HTML is the same for all of them except two per-visitor values, which are
swapped for fresh ones on every hit so no two visitors share one:
- the CSRF token (Django masks a new one for every response; the cookie comes as usual);
- the form's one-time key (core.once), which leads a repeated submit to its first result.
A visitor with a session, or with messages waiting, gets the page made for them.

`render_shared` does the same inside a view, for a page that is the same for everyone only
after the view's own checks (a survey behind a valid code): the checks run on every request,
the rendering once per language and content version.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import translation

from digiketen.core import content_cache, once
from digiketen.public_pages import LONG, PUBLIC_PAGES, SITE

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


def _same_for_everyone(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES  # CookieStorage's cookie: messages waiting
    )


def _cacheable(request, response) -> bool:
    # A page that started a session or set a cookie other than CSRF's was personal after all.
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not request.session.modified
    )


def render_shared(
    request,
    template_name: str,
    context: Callable[[], dict],
    *,
    versions=SITE,
    seconds: int = LONG,
) -> HttpResponse:
    """`render`, for a page whose context is the same for every visitor: made once per
    language and content version (`context` is called only then), then served with this
    visitor's CSRF token and form key."""
    if not _same_for_everyone(request):
        return render(request, template_name, context())
    key = content_cache.cache_key(
        f"shared:{template_name}", (translation.get_language(),), versions
    )
    if (content := cache.get(key)) is not None:
        return HttpResponse(_filled(request, content))
    response = render(request, template_name, context())
    if _cacheable(request, response):
        cache.set(key, _placeholders(response.content), seconds)
    return response


class PublicPageCacheMiddleware:
    """Last in MIDDLEWARE: it sees the view's own response, before others add to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_public_page_key", None)
        if key is not None and _cacheable(request, response):
            seconds = PUBLIC_PAGES[request.resolver_match.view_name][0]
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            cache.set(key, (_placeholders(response.content), headers), seconds)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        rule = PUBLIC_PAGES.get(request.resolver_match.view_name)
        if rule is None or not _same_for_everyone(request):
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
