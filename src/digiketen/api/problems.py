"""API errors as application/problem+json (RFC 9457), per the Dutch API Design Rules."""

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from digiketen.api.parsers import PayloadTooLarge
from digiketen.core.errors import Refused


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """An error answer (RFC 9457). invalidParams names each field that was refused."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    invalidParams = InvalidParamSerializer(many=True, required=False)


def problem_responses(descriptions: dict[int, str]) -> dict:
    """`extend_schema(responses=...)` entries that document error answers as
    application/problem+json, with a description per status code."""
    return {
        (code, "application/problem+json"): OpenApiResponse(ProblemSerializer, description=text)
        for code, text in descriptions.items()
    }


TITLES = {
    status.HTTP_400_BAD_REQUEST: gettext_lazy("Ongeldige aanvraag"),
    status.HTTP_401_UNAUTHORIZED: gettext_lazy("Niet geauthenticeerd"),
    status.HTTP_403_FORBIDDEN: gettext_lazy("Geen toegang"),
    status.HTTP_404_NOT_FOUND: gettext_lazy("Niet gevonden"),
    status.HTTP_405_METHOD_NOT_ALLOWED: gettext_lazy("Methode niet toegestaan"),
    status.HTTP_406_NOT_ACCEPTABLE: gettext_lazy("Antwoordformaat niet beschikbaar"),
    status.HTTP_409_CONFLICT: gettext_lazy("Conflict"),
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: gettext_lazy("Aanvraag te groot"),
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: gettext_lazy("Formaat niet ondersteund"),
    status.HTTP_429_TOO_MANY_REQUESTS: gettext_lazy("Te veel aanvragen"),
    status.HTTP_500_INTERNAL_SERVER_ERROR: gettext_lazy("Interne fout"),
}

logger = logging.getLogger(__name__)


class RefusedProblem(exceptions.APIException):
    """A business rule refused the request (core.errors.Refused)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


class ServerError(exceptions.APIException):
    """Stands in for an exception nobody expected: the answer says sorry, never what broke."""

    default_detail = gettext_lazy(
        "Er ging iets mis bij ons. Probeer het later opnieuw; blijft het misgaan, meld het dan."
    )
    default_code = "server-error"


def problem_exception_handler(exc, context):
    """Every error an API view raises as application/problem+json (RFC 9457): DRF's own
    (validation, authentication, not found, throttling), Django's Http404 and PermissionDenied,
    a service's Refused (409) and, as a 500, anything unexpected (logged with its traceback)."""
    if isinstance(exc, Refused):
        exc = RefusedProblem(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_detail(exc))
    elif isinstance(exc, RequestDataTooBig):  # the body was read before DRF's parser ran
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("Deze aanvraag kan niet."))
    response = exception_handler(exc, context)
    if response is None:
        logger.error("unexpected error in an API view", exc_info=exc)
        set_rollback()
        exc = ServerError()
        response = Response(status=exc.status_code)
    body = {
        "type": f"urn:digiketen:problem:{getattr(exc, 'default_code', 'error')}",
        "title": str(TITLES.get(response.status_code, _("Fout"))),
        "status": response.status_code,
        "detail": _detail(exc),
        "instance": context["request"].path,
    }
    if isinstance(exc, exceptions.ValidationError):
        body["invalidParams"] = [
            {"name": name, "reason": reason} for name, reason in invalid_params(exc.detail)
        ]
    problem = Response(body, status=response.status_code, headers=dict(response.items()))
    problem.content_type = "application/problem+json"
    return problem


def invalid_params(detail, name: str = "") -> list[tuple[str, str]]:
    """(field, reasons) per refused field; nested fields by path: `files.lscpu.txt`."""
    if isinstance(detail, dict):  # fields by name, or (DRF's lists) items by number
        return [
            pair
            for key, value in detail.items()
            for pair in invalid_params(value, _path(name, key))
        ]
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        return [
            pair
            for index, item in enumerate(detail)
            for pair in invalid_params(item, _path(name, index))
        ]
    messages = detail if isinstance(detail, list) else [detail]
    return [(name or "body", " ".join(str(message) for message in messages))]


def _path(name: str, key) -> str:
    if isinstance(key, int):
        return f"{name}[{key}]"
    return f"{name}.{key}" if name else str(key)


def _django_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            name: [m for e in errors for m in e.messages] for name, errors in exc.error_dict.items()
        }
    return exc.messages


def _detail(exc) -> str:
    detail = getattr(exc, "detail", str(exc))
    if isinstance(exc, exceptions.ValidationError):
        return _("Controleer de velden in invalidParams.")
    return str(detail)
