"""Middleware of the site: sessions saved when needed, compression for visitors without a
session, and refusals by a business rule (core.errors) that a view did not handle itself."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions import middleware as sessions
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from digiketen.core.errors import Refused

REFRESHED_KEY = "_refreshed_at"


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's session middleware, saving a session when it changed and otherwise at most
    once every SESSION_REFRESH_SECONDS: enough to keep the idle timeout (SESSION_COOKIE_AGE
    after the last request, give or take that minute) without a database write on every
    request of every staff member."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            last = session.get(REFRESHED_KEY, 0)
            if session.modified or now - last >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now
        return super().process_response(request, response)


class PublicGZipMiddleware(GZipMiddleware):
    """Compresses responses for visitors without a session cookie only.

    Those pages hold nothing secret but Django's CSRF token, which is masked anew for every
    response, and Django pads each compressed response with random bytes against BREACH.
    A visitor with a session (staff; a resident applying or reading their status) can get
    their own data next to text they typed, which is what BREACH needs, so theirs go out
    uncompressed. See docs/decisions/0012-compress-only-pages-without-a-session.md."""

    def process_response(self, request, response):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        return super().process_response(request, response)


# Refusals: after a form was sent, the message appears on the page the person came from;
# otherwise on a page of its own. The API answers them as problem+json (api.problems).
class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused) or request.path.startswith("/api/"):
            return None
        back = request.META.get("HTTP_REFERER", "")
        if request.method == "POST" and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(request, str(exception))
            return redirect(back)
        return render(request, "refused.html", {"message": str(exception)}, status=409)
