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

`render_shared_form` goes one step further, for a sent form shown again (the status lookup's
"not found"): the page is made once per language and shape of the form (which fields are
empty, how many errors each has), with markers where the entered values and the errors go,
and every request fills in its own. A marker is a control character around a name: no
entered value can hold one (core.http.RequestCheckMiddleware refuses them), so none can pass
for a marker, and the markers are all filled in one pass, so a filled-in value is never read
again. Each value goes in escaped as the template would have escaped it.
"""

import re
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeData

from digiketen.core import content_cache, once
from digiketen.public_pages import LONG, PUBLIC_PAGES, SITE

CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})"')
ONCE_VALUE = re.compile(rb'(name="once" value=")([A-Za-z0-9_-]{16,64})"')
CSRF_MARK, ONCE_MARK = b"\x00csrf\x00", b"\x00once\x00"
MARK = re.compile(rb"\x00([a-z]+(?::[A-Za-z0-9_-]+)?)\x00")
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Expires")
# Widgets that show a text field's entered value as it came, escaped, once.
TEXT_WIDGETS = (forms.TextInput, forms.EmailInput, forms.URLInput, forms.Textarea)


def _placeholders(content: bytes) -> bytes:
    content = CSRF_VALUE.sub(lambda m: m.group(1) + CSRF_MARK + b'"', content)
    return ONCE_VALUE.sub(lambda m: m.group(1) + ONCE_MARK + b'"', content)


def _filled(request, content: bytes, fills: dict[bytes, bytes] | None = None) -> bytes:
    """Every marker swapped for its value in one pass (a value put in is not looked at
    again); the CSRF token and form key made only when the page has a place for them."""
    if b"\x00" not in content:
        return content
    fills = dict(fills or {})

    def fill(match: re.Match) -> bytes:
        name = match.group(1)
        if name not in fills:
            if name == b"csrf":
                fills[name] = get_token(request).encode()
            elif name == b"once":
                fills[name] = once.new_key().encode()
            else:
                raise ValueError(f"no value for the marker {name!r}")
        return fills[name]

    return MARK.sub(fill, content)


def _same_for_everyone(request, methods: tuple[str, ...] = ("GET",)) -> bool:
    return (
        request.method in methods
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES  # CookieStorage's cookie: messages waiting
    )


def _cacheable(request, response, status: int = 200) -> bool:
    # A page that started a session or set a cookie other than CSRF's was personal after all.
    return (
        response.status_code == status
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


def render_shared_form(
    request,
    template_name: str,
    form: forms.Form,
    *,
    context: dict | None = None,
    variant: str = "",
    status: int = 200,
    versions=SITE,
    seconds: int = LONG,
) -> HttpResponse:
    """`render` of a page with a sent `form` (under "form" in the context), made once per
    language, `variant` and shape of the form, then filled in with this form's values and
    errors. `context` must be the same for every visitor given `variant`. A form this cannot
    fill in faithfully (other than text fields, errors marked safe) or a visitor with a
    session is rendered as usual."""
    context = context or {}
    shape = _shape(form)
    if shape is None or not _same_for_everyone(request, ("POST",)):
        return render(request, template_name, {**context, "form": form}, status=status)
    fields, errors = shape
    form_class = f"{type(form).__module__}.{type(form).__qualname__}"
    parts = (translation.get_language(), variant, form_class, form.prefix, fields, errors)
    key = content_cache.cache_key(f"form:{template_name}", parts, versions)
    fills = {
        f"value:{name}".encode(): escape(form[name].value()).encode()
        for name, empty in fields
        if not empty
    }
    messages = [message for _field, field_errors in form.errors.items() for message in field_errors]
    fills.update({f"error:{n}".encode(): escape(m).encode() for n, m in enumerate(messages)})
    if (content := cache.get(key)) is not None:
        return HttpResponse(_filled(request, content, fills), status=status)
    response = render(
        request, template_name, {**context, "form": _marked(form, shape)}, status=status
    )
    content = _placeholders(response.content)
    if _cacheable(request, response, status):
        cache.set(key, content, seconds)
    response.content = _filled(request, content, fills)
    return response


def _shape(form: forms.Form) -> tuple[tuple, tuple] | None:
    """Which text fields are empty and how many errors each field has (None for the form
    as a whole); None when a value or an error would not show as itself, escaped, once."""
    if not form.is_bound:
        return None
    fields = []
    for name, field in form.fields.items():
        value = form[name].value()
        if (
            not isinstance(field, forms.CharField)
            or not isinstance(field.widget, TEXT_WIDGETS)
            or field.disabled
            or not isinstance(value, str | None)
        ):
            return None
        fields.append((name, value in ("", None)))
    errors = []
    for name, field_errors in form.errors.items():
        if any(isinstance(message, SafeData) for message in field_errors):
            return None  # shown unescaped next to the field, escaped in the summary
        errors.append((name, len(field_errors)))
    return tuple(fields), tuple(errors)


def _marked(form: forms.Form, shape: tuple[tuple, tuple]) -> forms.Form:
    """A form like `form` with a marker for each entered value and each error."""
    fields, errors = shape
    data = {
        form.add_prefix(name): "" if empty else f"\x00value:{name}\x00" for name, empty in fields
    }
    marked = type(form)(data, prefix=form.prefix)
    # As full_clean starts, without the checks: the errors are the markers.
    marked._errors, marked.cleaned_data = ErrorDict(renderer=marked.renderer), {}
    numbers = iter(range(sum(count for _name, count in errors)))
    for name, count in errors:
        field = None if name == NON_FIELD_ERRORS else name
        marked.add_error(field, [f"\x00error:{next(numbers)}\x00" for _n in range(count)])
    return marked


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
