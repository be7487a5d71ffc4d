"""Every error an API view raises comes back as application/problem+json (RFC 9457) with our
own title, in Dutch or English as asked: DRF's validation, authentication, not found and
throttling, Django's Http404 and PermissionDenied, a service's refusal, and anything nobody
expected (a 500 that says sorry and names nothing of what broke)."""

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from jsonschema import Draft202012Validator
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from digiketen.api.tests.test_openapi import COMMITTED
from digiketen.core.errors import Refused
from digiketen.inventory.api import HubTokenAuthentication

DOCUMENT = json.loads(COMMITTED.read_text())
PROBLEM = Draft202012Validator(
    {"$ref": "#/components/schemas/Problem", "components": DOCUMENT["components"]}
)


class Nested(serializers.Serializer):
    name = serializers.CharField()


class Body(serializers.Serializer):
    files = serializers.DictField(child=serializers.IntegerField())
    people = Nested(many=True)


def raising(error):
    class View(APIView):
        # An authenticator that names its scheme: without one DRF answers 403, not 401.
        authentication_classes = [HubTokenAuthentication]
        permission_classes = [AllowAny]

        def post(self, request):
            if error == "body":
                Body(data=request.data).is_valid(raise_exception=True)
            raise error

    return View.as_view()


def answer(error, data=None, language="nl"):
    request = APIRequestFactory().post("/api/v1/probe", data or {}, format="json")
    with translation.override(language):  # as LocaleMiddleware does from Accept-Language
        response = raising(error)(request)
        response.render()
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert [e.message for e in PROBLEM.iter_errors(body)] == []
    assert body["status"] == response.status_code
    return response, body


@pytest.mark.parametrize(
    ("error", "status", "title"),
    [
        (exceptions.NotAuthenticated(), 401, "Niet geauthenticeerd"),
        (exceptions.AuthenticationFailed(), 401, "Niet geauthenticeerd"),
        (exceptions.PermissionDenied(), 403, "Geen toegang"),
        (PermissionDenied(), 403, "Geen toegang"),
        (exceptions.NotFound(), 404, "Niet gevonden"),
        (Http404(), 404, "Niet gevonden"),
        (exceptions.MethodNotAllowed("PUT"), 405, "Methode niet toegestaan"),
        (exceptions.NotAcceptable(), 406, "Antwoordformaat niet beschikbaar"),
        (Refused("Dit apparaat is al uitgegeven."), 409, "Conflict"),
        (exceptions.UnsupportedMediaType("text/plain"), 415, "Formaat niet ondersteund"),
        (exceptions.Throttled(wait=30), 429, "Te veel aanvragen"),
    ],
)
def test_each_error_is_a_problem_with_our_title(error, status, title):
    response, body = answer(error)
    assert (response.status_code, body["title"]) == (status, title)
    assert body["instance"] == "/api/v1/probe"
    if status == 429:
        assert response["Retry-After"] == "30"
    if status == 409:
        assert body["detail"] == "Dit apparaat is al uitgegeven."


def test_nested_validation_errors_name_each_field_by_its_path(db):
    _response, body = answer("body", {"files": {"a.txt": "x"}, "people": [{"name": ""}]})
    names = {p["name"] for p in body["invalidParams"]}
    assert names == {"files.a.txt", "people[0].name"}
    assert all(p["reason"] for p in body["invalidParams"])


def test_an_unexpected_error_is_a_500_problem_that_tells_nothing_of_the_cause(caplog):
    with caplog.at_level(logging.ERROR, logger="digiketen.api.problems"):
        response, body = answer(RuntimeError("secret table name"), language="en")
    assert response.status_code == 500
    assert body["title"] == "Internal error"
    assert "secret" not in response.content.decode()
    assert "secret table name" in caplog.text  # the operator still sees the traceback


def test_titles_follow_the_language_asked_for():
    _response, body = answer(exceptions.NotFound(), language="en")
    assert body["title"] == "Not found"
