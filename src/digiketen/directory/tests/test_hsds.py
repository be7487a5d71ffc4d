"""The HSDS 3.0 API: every endpoint's output validates against the official compiled schemas
(kept in fixtures/hsds); bad query parameters give a 400 with a clear message."""

import gzip
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from digiketen.core import demo
from digiketen.directory import demo as directory_demo
from digiketen.directory import hsds

# The compiled HSDS 3.0 schemas, gzipped (see fixtures/hsds/SOURCE.txt).
SCHEMAS = Path(__file__).parent / "fixtures" / "hsds"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def validate(schema_name: str, document: dict) -> list[str]:
    schema = json.loads(gzip.decompress((SCHEMAS / f"{schema_name}.json.gz").read_bytes()))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture
def catalogue(db):
    demo.seed()


@pytest.mark.parametrize(
    ("path", "item_schema", "detail_schema"),
    [
        ("services", "service_list", "service"),
        ("organizations", "organization_list", "organization"),
        ("service_at_locations", "service_at_location_list", "service_at_location"),
    ],
)
def test_lists_and_details_validate(client, catalogue, path, item_schema, detail_schema):
    page = client.get(f"/api/hsds/{path}").json()
    assert set(page) >= PAGE_KEYS
    assert page["contents"]
    for item in page["contents"]:
        assert validate(item_schema, item) == []
    for item in page["contents"][:5]:
        detail = client.get(f"/api/hsds/{path}/{item['id']}")
        assert detail.status_code == 200
        assert validate(detail_schema, detail.json()) == []


def test_root_names_the_version(client, db):
    assert client.get("/api/hsds/").json()["version"] == "3.0.0"


def test_taxonomies_publish_service_types_and_accessibility(client, catalogue):
    taxonomies = client.get("/api/hsds/taxonomies").json()["contents"]
    assert {t["name"] for t in taxonomies} == {name for name, _ in hsds.TAXONOMIES.values()}
    terms = client.get("/api/hsds/taxonomy_terms").json()["contents"]
    assert {"help_point", "free_wifi", "hearing-loop"} <= {t["code"] for t in terms}
    accessibility = hsds.taxonomy(hsds.ACCESSIBILITY)["id"]
    only = client.get("/api/hsds/taxonomy_terms", {"taxonomy_id": accessibility}).json()
    assert {t["taxonomy_id"] for t in only["contents"]} == {accessibility}
    term = client.get(f"/api/hsds/taxonomy_terms/{terms[0]['id']}").json()
    assert term == terms[0]


def test_services_filter_by_taxonomy_term(client, catalogue):
    wifi = hsds.service_type_term("free_wifi")["id"]
    names = [
        s["name"]
        for s in client.get("/api/hsds/services", {"taxonomy_term_id": wifi}).json()["contents"]
    ]
    assert names == ["Gratis wifi", "Wifi in het buurthuis"]


def test_service_detail_carries_schedules_languages_and_accessibility(client, catalogue):
    from digiketen.directory.models import Service

    service = Service.objects.get(name="Informatiepunt Digitale Overheid")
    data = client.get(f"/api/hsds/services/{service.uuid}").json()
    ceramique = next(
        p for p in data["service_at_locations"] if p["location"]["name"] == "Centre Céramique"
    )
    assert {"byday": "TU", "opens_at": "10:00", "closes_at": "16:00"}.items() <= ceramique[
        "schedules"
    ][0].items()
    closure_starts = timezone.localdate() + directory_demo.CLOSURE_STARTS_AFTER
    assert any(s.get("valid_from") == closure_starts.isoformat() for s in ceramique["schedules"])
    assert "Ringleiding" in {a["description"] for a in ceramique["location"]["accessibility"]}
    assert {"nl", "ar"} <= {lang["code"] for lang in data["languages"]}


def test_paging(client, catalogue):
    first = client.get("/api/hsds/services", {"per_page": 5}).json()
    assert first["size"] == 5 and first["first_page"] and not first["last_page"]
    last = client.get("/api/hsds/services", {"per_page": 5, "page": first["total_pages"]}).json()
    assert last["last_page"]
    beyond = client.get("/api/hsds/services", {"page": 99}).json()
    assert beyond["contents"] == []


def test_proximity_search_around_a_postcode(client, catalogue, pdok):
    near = client.get("/api/hsds/service_at_locations", {"postcode": "6211CN", "proximity": 1500})
    locations = {p["location"]["name"] for p in near.json()["contents"]}
    assert "Centre Céramique" in locations  # about 0.85 km from the Markt
    assert "Wijkcentrum Malberg" not in locations  # about 2.6 km


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("services", {"page": "not-a-number"}, "page"),
        ("services", {"page": "0"}, "page"),
        ("services", {"per_page": "1000"}, "per_page"),
        ("services", {"organization_id": "abc"}, "organization_id"),
        ("services", {"modified_after": "gisteren"}, "modified_after"),
        ("services", {"format": "xml"}, "format"),
        ("service_at_locations", {"postcode": "Maastricht"}, "postcode"),
        ("service_at_locations", {"proximity": "500"}, "proximity"),
        ("service_at_locations", {"postcode": "6211", "proximity": "ver"}, "proximity"),
        ("taxonomy_terms", {"taxonomy_id": "x"}, "taxonomy_id"),
        ("services", {"page": "9223372036854775807"}, "page"),
        ("services", {"modified_after": "0001-01-01T00:00:00+05:00"}, "modified_after"),
        ("services", {"modified_after": "9999-12-31T23:59:59-05:00"}, "modified_after"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, catalogue, path, params, parameter):
    response = client.get(f"/api/hsds/{path}", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["invalidParams"][0]["name"] == parameter
    assert parameter in body["detail"]


def test_unknown_id_is_a_404_problem(client, db):
    response = client.get("/api/hsds/services/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_list_queries_stay_flat(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/api/hsds/service_at_locations")
    with django_assert_max_num_queries(6):
        client.get("/api/hsds/services")


def test_only_get_is_allowed(client, db):
    assert client.post(reverse("hsds:service-list")).status_code == 405
