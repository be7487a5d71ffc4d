"""API errors as application/problem+json (RFC 9457), per the Dutch API Design Rules."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

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
    status.HTTP_409_CONFLICT: gettext_lazy("Conflict"),
}


class RefusedProblem(exceptions.APIException):
    """A business rule refused the request (core.errors.Refused)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


def problem_exception_handler(exc, context):
    if isinstance(exc, Refused):
        exc = RefusedProblem(str(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {
        "type": f"urn:digiketen:problem:{getattr(exc, 'default_code', 'error')}",
        "title": str(TITLES.get(response.status_code, _("Fout"))),
        "status": response.status_code,
        "detail": _detail(exc),
        "instance": context["request"].path,
    }
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        body["invalidParams"] = [
            {"name": name, "reason": " ".join(str(m) for m in messages)}
            for name, messages in exc.detail.items()
        ]
    problem = Response(body, status=response.status_code, headers=dict(response.items()))
    problem.content_type = "application/problem+json"
    return problem


def _detail(exc) -> str:
    detail = getattr(exc, "detail", str(exc))
    if isinstance(detail, dict | list):
        return _("Controleer de velden in invalidParams.")
    return str(detail)
