"""Control characters in the address, the query string or a form: one clear 400 (core.http),
on SQLite and PostgreSQL alike (PostgreSQL refuses NUL in text: these URLs gave 500 there)."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from digiketen.core.wsgi_handler import Handler

# The seven public URLs a probe found answering 500 on PostgreSQL for a %00.
PROBED = [
    "/tevredenheid/AB%00CD",
    "/certificaat/C-2026%00",
    "/donatie/tok%00en",
    "/ophalen/tok%00en",
    "/api/hsds/services?search=a%00b",
    "/api/hsds/organizations?search=a%00b",
    "/api/hsds/service_at_locations?search=a%00b",
]


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 must show as a 500, not as an exception
    return client


@pytest.mark.parametrize("url", PROBED)
def test_nul_in_a_public_url_is_a_400_not_a_500(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 400
        assert problem["type"] == "urn:digiketen:problem:control_character"
        assert problem["title"] == "Ongeldige aanvraag"
        assert "stuurteken" in problem["detail"]
    else:
        assert response["Content-Type"].startswith("text/html")
        assert "stuurteken" in response.text
        # The site's own page: its header, skip link and footer, not a bare Django page.
        assert "Direct naar de inhoud" in response.text
        assert 'href="/toegankelijkheid"' in response.text


def test_the_page_speaks_english_under_en(client, db):
    response = client.get("/en/tevredenheid/AB%00CD")
    assert response.status_code == 400
    assert 'lang="en"' in response.text
    assert "control character" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/hulp-zoeken?postcode=62%0111",  # other C0 controls
        "/hulp-zoeken?q=a%7Fb",  # DEL
        "/hulp-zoeken?q=a%0Ab",  # a line break has no place in a search either
        "/hulp-zoeken?%00=1",  # in the name of a parameter
        "/status/AB%0DCD",
    ],
)
def test_other_control_characters_in_address_or_query_are_refused(client, db, url):
    assert client.get(url).status_code == 400


def _raw_wsgi(path: str, query: str = "", **extra) -> tuple[str, bytes]:
    """A request as gunicorn hands it to digiketen.wsgi: PATH_INFO already percent-decoded."""
    environ = {
        "REQUEST_METHOD": "GET",
        **extra,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(Handler()(environ, start_response))
    return answer["status"], body


@pytest.mark.django_db(transaction=True)
def test_raw_wsgi_path_with_nul_is_a_400():
    status, body = _raw_wsgi("/tevredenheid/AB\x00CD")
    assert status.startswith("400")
    assert b"stuurteken" in body
    status, body = _raw_wsgi("/api/hsds/services", "search=a\x00b")
    assert status.startswith("400")
    assert json.loads(body)["status"] == 400


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/api/hsds/services", "/"])
def test_too_many_query_fields_with_a_charset_is_a_400_not_a_500(path):
    """Django's own handler parsed the query while building the request when the
    Content-Type named a charset, and TooManyFieldsSent escaped every error handler."""
    query = "a=1&" * 2_000
    status, body = _raw_wsgi(path, query, CONTENT_TYPE="text/plain; charset=latin-1")
    assert status.startswith("400")
    if path.startswith("/api/"):
        assert json.loads(body)["type"] == "urn:digiketen:problem:bad_request"
    else:
        assert "De website begrijpt deze aanvraag niet" in body.decode()


@pytest.mark.django_db(transaction=True)
def test_a_content_type_too_long_to_read_is_a_400_not_a_500(client):
    status, body = _raw_wsgi("/api/hsds/services", CONTENT_TYPE="text/plain;" + "a" * 20_000)
    assert status.startswith("400")
    assert json.loads(body)["type"] == "urn:digiketen:problem:bad_request"
    long_type = "text/plain;" + "a" * 20_000
    response = client.post(reverse("accounts:login"), data=b"x", content_type=long_type)
    assert response.status_code == 400
    assert "De website begrijpt deze aanvraag niet" in response.text


def test_nul_in_a_form_field_is_refused(client, db):
    response = client.post(reverse("accounts:login"), {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "stuurteken" in response.text
    response = client.post(reverse("accounts:login"), {"user\x00name": "a", "password": "x"})
    assert response.status_code == 400


def test_line_breaks_and_tabs_in_a_form_are_ordinary_text(client, db):
    response = client.post(reverse("accounts:login"), {"username": "a\r\nb\tc", "password": "x"})
    assert response.status_code == 200  # the login form, with its own error message


def test_uploaded_files_are_not_inspected(client, db):
    upload = SimpleUploadedFile("report.bin", b"\x00\x01\x02binary\x1b")
    response = client.post(
        reverse("accounts:login"), {"username": "a", "password": "x", "file": upload}
    )
    assert response.status_code == 200


def test_a_broken_multipart_body_is_a_400_not_a_500(client, db):
    response = client.generic(
        "POST", reverse("accounts:login"), b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400


def test_ordinary_requests_pass(client, db):
    assert client.get("/hulp-zoeken?postcode=6211+CN").status_code == 200
    assert client.get("/api/hsds/services?search=computer%20les").status_code == 200
