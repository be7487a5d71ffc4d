import time

from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.middleware.gzip import GZipMiddleware

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
    uncompressed. See docs/decisions/0011-compress-only-pages-without-a-session.md."""

    def process_response(self, request, response):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        return super().process_response(request, response)
