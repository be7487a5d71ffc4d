"""Checks and headers that hold for every request and response, whatever view answers:

- `RequestCheckMiddleware` refuses a request Django could not read (core.wsgi_handler) and
  control characters in the address, the query string and
  form fields, before anything reads the database (PostgreSQL refuses NUL in text, so a `%00`
  in a code would otherwise end in a 500). Its 400 comes from `handler400` (core.error_views).
- `MethodMiddleware` answers a method a view does not declare with 405 and an Allow header,
  before the CSRF check can answer 403 and before a login redirect.
- `ResponseHeadersMiddleware` adds Permissions-Policy to every response and
  `Cache-Control: private, no-store` to every response for a logged-in user or a session
  with personal data (library PCs are shared: the back button must not show someone's file).
"""

import inspect
import re

from django.core.exceptions import BadRequest
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.utils.log import log_response
from django.views.generic.edit import ProcessFormView

from digiketen.core import error_views
from digiketen.core.error_views import ControlCharacter

# C0 controls and DEL. No address, search or code has one; PostgreSQL refuses NUL outright.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# In a form value, tab, LF and CR are ordinary text (a text area has line breaks).
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def control_character_in(request) -> str | None:
    """Where the request holds a refused control character ("path", "query", "form"), if it
    does. Uploaded files are binary and are not looked at."""
    if CONTROL.search(request.path_info):
        return "path"
    if any(CONTROL.search(k) or CONTROL.search(v) for k, vs in request.GET.lists() for v in vs):
        return "query"
    if request.method == "POST" and request.content_type in FORM_TYPES:
        try:
            fields = request.POST.lists()
        except (MultiPartParserError, UnreadablePostError) as exc:
            # A broken multipart body is the client's mistake; Django would answer 500.
            raise BadRequest(str(exc)) from exc
        if any(CONTROL.search(k) or CONTROL_IN_TEXT.search(v) for k, vs in fields for v in vs):
            return "form"
    return None


class RequestCheckMiddleware:
    """Early in MIDDLEWARE: before sessions, authentication and every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (unreadable := getattr(request, "unreadable", None)) is not None:
            raise unreadable  # see core.wsgi_handler
        if (where := control_character_in(request)) is not None:
            # Answered here rather than raised: Django would log a traceback for each probe.
            response = error_views.bad_request(request, ControlCharacter(where))
            log_response("Control character in the %s: %r", where, request.path, response=response)
            return response
        return self.get_response(request)


def allowed_methods(view) -> list[str] | None:
    """The methods a view answers, as its code declares them: a class-based view (Django or
    DRF) by its handler methods, a function view by Django's `require_http_methods` (or
    `require_GET`, `require_POST`, `require_safe`), found through the `functools.wraps` chain
    of the decorators above it. None when the view declares nothing."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        declared = view.view_initkwargs.get("http_method_names", view_class.http_method_names)
        names = [m for m in declared if hasattr(view_class, m)]
        if getattr(view_class, "put", None) is ProcessFormView.put:
            names.remove("put")  # Django's form views take PUT as a POST; no form of ours sends it
        if "get" in names and "head" not in names:
            names.append("head")  # View.setup answers HEAD with get()
        return sorted(m.upper() for m in names)
    while view is not None:
        if view.__closure__:
            declared = inspect.getclosurevars(view).nonlocals.get("request_method_list")
            if declared is not None:
                return list(declared)
        view = getattr(view, "__wrapped__", None)
    return None


class MethodMiddleware:
    """Just before CsrfViewMiddleware: process_view runs in MIDDLEWARE order."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = allowed_methods(view_func)
        if allowed is None or request.method in allowed:
            return None
        return error_views.method_not_allowed(request, allowed)


# Powerful browser features the site never uses, switched off for every page and any script
# that might sneak in (https://www.w3.org/TR/permissions-policy/).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def _personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    # A resident's draft application or status codes live in their session.
    return session is not None and (
        session.modified or (session.accessed and not session.is_empty())
    )


class ResponseHeadersMiddleware:
    """Second in MIDDLEWARE, so its headers reach every response, the static files too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # A view that marks its answer public (the theme stylesheet, the logo) declared it the
        # same for everyone; anything else for a person with a session stays out of every cache.
        if "public" not in response.get("Cache-Control", "") and _personal(request):
            response["Cache-Control"] = "private, no-store"
            if response.has_header("Expires"):
                del response["Expires"]
        return response
