"""The site's own error answers (handler400/403/404/500 in digiketen/urls.py, the 405 of
core.http.MethodMiddleware and the CSRF failure view): a page in the site's look for people,
and `application/problem+json` (RFC 9457) under /api/, in the shape the API's own errors have
(api.problems): type, title, status, detail, instance."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from digiketen.accounts.middleware import two_factor_exempt

TITLES = {
    400: gettext_lazy("Ongeldige aanvraag"),
    403: gettext_lazy("Geen toegang"),
    404: gettext_lazy("Niet gevonden"),
    405: gettext_lazy("Methode niet toegestaan"),
    500: gettext_lazy("Fout"),
}


class ControlCharacter(BadRequest):
    """The address, the query string or a form field holds a control character."""


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def problem(request, status: int, code: str, detail: str, **kwargs) -> JsonResponse:
    body = {
        "type": f"urn:digiketen:problem:{code}",
        "title": str(TITLES[status]),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    return JsonResponse(body, status=status, content_type="application/problem+json", **kwargs)


def _language(request) -> str:
    # A request refused before LocaleMiddleware ran (a control character) has no language yet;
    # the address says which one the person reads.
    if hasattr(request, "LANGUAGE_CODE"):
        return request.LANGUAGE_CODE
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _page(request, template: str, status: int, context=None):
    with translation.override(_language(request)):
        return render(request, template, context, status=status)


@requires_csrf_token
def bad_request(request, exception):
    control = isinstance(exception, ControlCharacter)
    with translation.override(_language(request)):
        if control:
            detail = _(
                "In het adres of in het formulier staat een teken dat hier niet kan "
                "(een stuurteken). Controleer het adres of wat u typte, en probeer het opnieuw."
            )
        else:
            detail = _(
                "De website begrijpt deze aanvraag niet. Controleer het adres, of ga terug "
                "en probeer het opnieuw."
            )
        if is_api(request):
            return problem(request, 400, "control_character" if control else "bad_request", detail)
        return render(request, "400.html", {"detail": detail}, status=400)


@requires_csrf_token
def permission_denied(request, exception):
    if is_api(request):
        detail = _("U mag dit niet doen met uw rol.")
        return problem(request, 403, "permission_denied", detail)
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception):
    if is_api(request):
        return problem(request, 404, "not_found", _("Op dit adres staat niets."))
    return _page(request, "404.html", 404)


def server_error(request):
    # No template with the site's look: the database may be what failed.
    if is_api(request):
        detail = _("Er is een fout op de website. Probeer het over een paar minuten opnieuw.")
        return problem(request, 500, "server_error", detail)
    return defaults.server_error(request)


def method_not_allowed(request, allowed: list[str]):
    with translation.override(_language(request)):
        if is_api(request):
            detail = _("Dit adres kent alleen: %(methods)s.") % {"methods": ", ".join(allowed)}
            response = problem(request, 405, "method_not_allowed", detail)
        else:
            response = render(request, "405.html", status=405)
    response["Allow"] = ", ".join(allowed)
    return response


@two_factor_exempt
def csrf_failure(request, reason=""):
    if is_api(request):
        detail = _("Het formulier is verlopen, of cookies staan uit.")
        return problem(request, 403, "csrf_failed", detail)
    return _page(request, "403_csrf.html", 403)
