"""Every operation of the committed OpenAPI documents (/api/v1 and /api/hsds/), with requests
drawn from their schemas and hostile ones: never a 5xx, every error application/problem+json.

Secured operations are sent with the hub's real upload key as well as with none, a wrong one
and garbage in the Authorization header."""

import pytest
from django.test import Client
from hypothesis import strategies as st

from digiketen.tests.fuzz import hostile, openapi
from digiketen.tests.fuzz.conftest import fresh_example, fuzz_each, send

pytestmark = pytest.mark.fuzz

OPERATIONS = openapi.operations()

# Header values reach Django as latin-1 text (WSGI); anything else cannot be sent.
latin1 = st.text(alphabet=st.characters(max_codepoint=255, exclude_characters="\n\r"), max_size=40)


def authorizations(secret: str):
    return st.one_of(
        st.just(None),
        st.just(f"Token {secret}"),
        st.sampled_from(["Token", "Token wrong", "Token a b", "Bearer x", "token  ", "Token \x00"]),
        st.builds(lambda s: f"Token {s}", latin1),
        latin1,
        st.just("Token " + "a" * hostile.HUGE),
    )


def test_both_documents_are_read():
    """The suite would pass vacuously on an empty list: both APIs are in it."""
    ids = {operation.id for operation in OPERATIONS}
    assert "POST /api/v1/devices/{assetTag}/captures" in ids
    assert "GET /api/hsds/services/{id}" in ids
    assert len([i for i in ids if i.startswith("GET /api/hsds")]) == 11


def test_every_operation_never_fails_on_drawn_input(world):
    def example(operation, data):
        request = data.draw(openapi.requests(operation, world.known), label="request")
        authorization = data.draw(authorizations(world.hub_secret), label="authorization")
        headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
        with fresh_example():
            send(
                Client(),
                request.method,
                request.url,
                query=request.query,
                body=request.body,
                content_type=request.content_type,
                **headers,
            )

    fuzz_each(OPERATIONS, example)
