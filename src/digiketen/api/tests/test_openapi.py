"""The OpenAPI document of /api/v1: the committed copy in docs/api (which CI lints with the
API Design Rules, `make api-lint`) is what the API serves, and it tells the truth about errors."""

import json

from django.conf import settings
from jsonschema import Draft202012Validator

from digiketen.inventory import services
from digiketen.tests.factories import LocationFactory, OrganisationFactory

COMMITTED = settings.BASE_DIR / "docs" / "api" / "openapi.json"


def served(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def test_the_committed_document_is_what_the_api_serves(client, db):
    assert json.loads(COMMITTED.read_text()) == served(client), (
        "docs/api/openapi.json differs from the document the API serves: "
        "run `make openapi` and commit docs/api/openapi.json."
    )


def test_every_error_answer_is_documented_as_problem_json(client, db):
    for path in served(client)["paths"].values():
        for operation in path.values():
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"], code


def test_error_answers_match_the_documented_problem_schema(client, db):
    document = served(client)
    problem = Draft202012Validator(
        {"$ref": "#/components/schemas/Problem", "components": document["components"]}
    )
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    _token, secret = services.create_hub_token(hub=hub, name="stick 1")
    url = "/api/v1/devices/DK-000042/captures"
    unknown = client.post(url, {}, content_type="application/json")
    invalid = client.post(
        url, {"files": {}}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {secret}"
    )
    assert (unknown.status_code, invalid.status_code) == (401, 400)
    for answer in (unknown, invalid):
        assert answer["Content-Type"] == "application/problem+json"
        assert [e.message for e in problem.iter_errors(answer.json())] == []
    assert {p["name"] for p in invalid.json()["invalidParams"]} == {"collectorVersion", "files"}
