import io
import json
import uuid
import zipfile

import pytest
from django.core.management import CommandError, call_command

from digiketen.core import content_cache, demo
from digiketen.core.models import AuditEvent
from digiketen.directory import hsds, import_plan, importer
from digiketen.directory.models import Service, ServiceAtLocation, ServiceHours
from digiketen.organisations.models import Location, Organisation
from digiketen.tests.audit import assert_audited

HELP_POINT_TERM = hsds.service_type_term("help_point")["id"]
CSV = {
    "organizations.csv": "id,name,description\n"
    "2b7c9a1e-0f5d-4c3e-9a8b-1d2e3f4a5b6c,Buurtwerk Noord,Welzijn in Noord\n",
    "services.csv": "id,organization_id,name,description,status,minimum_age\n"
    "9d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f,2b7c9a1e-0f5d-4c3e-9a8b-1d2e3f4a5b6c,"
    "Digicafé Noord,Hulp met uw telefoon,active,\n"
    "7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b,2b7c9a1e-0f5d-4c3e-9a8b-1d2e3f4a5b6c,"
    "Wifi Noord,Gratis wifi,active,\n",
    "taxonomy_terms.csv": "id,code,name\n"
    f"{HELP_POINT_TERM},help_point,Informatiepunt\n"
    "11111111-2222-4333-8444-555555555555,free_wifi,Gratis wifi\n",
    "attributes.csv": "id,link_id,link_type,taxonomy_term_id\n"
    f"a1,9d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f,service,{HELP_POINT_TERM}\n"
    "a2,7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b,service,11111111-2222-4333-8444-555555555555\n",
    "locations.csv": "id,organization_id,name,latitude,longitude\n"
    "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f,2b7c9a1e-0f5d-4c3e-9a8b-1d2e3f4a5b6c,"
    "Buurthuis Noord,50.87,5.70\n",
    "addresses.csv": "id,location_id,address_1,city,postal_code,country,address_type\n"
    "ad1,3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f,Noorderstraat 5,Maastricht,6222AA,NL,physical\n",
    "service_at_locations.csv": "id,service_id,location_id\n"
    "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a,9d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f,"
    "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f\n",
    "schedules.csv": "id,service_at_location_id,byday,opens_at,closes_at,"
    "valid_from,valid_to,description\n"
    's1,4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a,"MO,WE",09:30,12:00,,,\n'
    "s2,4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a,,,,2026-12-24,2026-12-26,Dicht met Kerst\n",
}


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_csv_package_creates_services_places_hours_and_closures(db):
    records = importer.read_package("pakket.zip", zipped(CSV))
    report = importer.import_records(records, actor_label="test")
    assert report.saved
    assert [(r.name, r.outcome) for r in report.rows] == [
        ("Digicafé Noord", "created"),
        ("Wifi Noord", "created"),
    ]
    place = ServiceAtLocation.objects.get(service__name="Digicafé Noord")
    assert place.location.postcode == "6222 AA"
    assert place.location.street == "Noorderstraat"
    assert [str(h) for h in place.hours.all()] == ["maandag 09:30–12:00", "woensdag 09:30–12:00"]
    assert place.exceptions.get().notice == "Dicht met Kerst"
    assert Service.objects.get(name="Wifi Noord").type == "free_wifi"
    assert_audited("service.imported", actor=None, after={"created": 2, "updated": 0})


def test_importing_the_same_package_again_updates_instead_of_duplicating(db):
    importer.import_records(importer.read_package("p.zip", zipped(CSV)))
    again = importer.import_records(importer.read_package("p.zip", zipped(CSV)))
    assert [r.outcome for r in again.rows] == ["updated", "updated"]
    assert Service.objects.count() == 2
    assert ServiceAtLocation.objects.get().hours.count() == 2


def test_one_bad_row_means_nothing_is_imported_and_says_why(db):
    broken = dict(CSV)
    broken["addresses.csv"] = CSV["addresses.csv"].replace("6222AA", "62")
    broken["attributes.csv"] = (
        CSV["attributes.csv"].splitlines()[0] + "\n" + CSV["attributes.csv"].splitlines()[1] + "\n"
    )
    report = importer.import_records(importer.read_package("p.zip", zipped(broken)))
    assert not report.saved
    first, second = report.rows
    assert first.outcome == "rejected"
    assert "postcode '62' klopt niet" in " ".join(first.reasons)
    assert second.outcome == "rejected"
    assert "soort hulp ontbreekt" in " ".join(second.reasons)
    assert not Service.objects.exists()
    assert not AuditEvent.objects.exists()


def test_our_own_hsds_output_imports_back(client, db):
    demo.seed()
    exported = [
        client.get(f"/api/hsds/services/{uuid}").json()
        for uuid in Service.objects.values_list("uuid", flat=True)
    ]
    ServiceAtLocation.objects.all().delete()
    Service.objects.all().delete()
    report = importer.import_records(
        importer.read_package("export.json", json.dumps(exported).encode())
    )
    assert report.saved, [r.reasons for r in report.rejected]
    assert Service.objects.count() == len(exported)
    help_point = Service.objects.get(name="Informatiepunt Digitale Overheid")
    assert help_point.at_locations.count() == 2
    assert help_point.languages.count() == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.json", b"{niet json", "geen geldig JSON-bestand"),
        ("x.zip", b"PK nope", "beschadigd"),
        ("x.xlsx", b"", "Kies een .json-bestand"),
        ("x.zip", zipped({"services.csv": "id,name\n"}), "organizations.csv"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(importer.ImportFileError, match=message):
        importer.read_package(name, content)


def test_command_imports_a_folder_and_fails_loudly_on_errors(db, tmp_path):
    for name, text in CSV.items():
        (tmp_path / name).write_text(text)
    call_command("import_services", str(tmp_path))
    assert Service.objects.count() == 2
    (tmp_path / "services.csv").write_text(CSV["services.csv"].replace("active", "weg"))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_services", str(tmp_path))


def service_record(**overrides) -> dict:
    record = {
        "id": "9d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f",
        "name": "Digicafé Noord",
        "description": "Hulp met uw telefoon.",
        "status": "active",
        "organization": {"name": "Buurtwerk Noord"},
        "attributes": [{"taxonomy_term": {"code": "digital_help"}}],
        "service_at_locations": [
            {
                "location": {
                    "name": "Buurthuis Noord",
                    "latitude": 50.87,
                    "longitude": 5.70,
                    "addresses": [
                        {
                            "address_1": "Noorderstraat 5",
                            "city": "Maastricht",
                            "postal_code": "6222AA",
                        }
                    ],
                },
                "schedules": [{"byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}],
            }
        ],
    }
    return record | overrides


def with_location(**location_fields) -> dict:
    record = service_record()
    record["service_at_locations"][0]["location"].update(location_fields)
    return record


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (with_location(latitude=12345.1), "geen geldige coördinaat"),
        (with_location(latitude="abc"), "geen geldige coördinaat"),
        (
            with_location(house_number="x" * 30, addresses="Markt 1"),
            "moet een lijst met objecten zijn",
        ),
        (service_record(minimum_age="Infinity"), "geen heel getal"),
        (service_record(minimum_age=99999), "moet tussen 0 en 150"),
        (service_record(languages=["nl"]), "languages: moet een lijst met objecten zijn"),
        (service_record(organization="Trajekt"), "organization: moet een object zijn"),
        (service_record(url="javascript:alert(1)"), "url"),
        (service_record(email="geen e-mail"), "email"),
        (service_record(name=["a", "b"]), "naam ontbreekt of is geen tekst"),
        (
            service_record(
                service_at_locations=[
                    {
                        **service_record()["service_at_locations"][0],
                        "schedules": [
                            {
                                "valid_from": "2026-12-24",
                                "valid_to": "2026-12-24",
                                "opens_at": "16:00",
                                "closes_at": "10:00",
                            }
                        ],
                    }
                ]
            ),
            "moet voor 10:00 liggen",
        ),
    ],
)
def test_bad_values_are_rejected_per_row_never_a_crash(db, record, reason):
    report = importer.import_records([record])
    assert not report.saved
    assert reason in " ".join(report.rows[0].reasons)
    assert not Service.objects.exists()


def test_a_service_cannot_move_to_another_organisation_by_import(db):
    assert importer.import_records([service_record()]).saved
    moved = service_record(organization={"name": "Iemand anders"})
    report = importer.import_records([moved])
    assert not report.saved
    assert "verhuizen" in " ".join(report.rows[0].reasons)
    assert not Organisation.objects.filter(name="Iemand anders").exists()


def test_hidden_mac_files_in_a_zip_are_skipped(db):
    files = dict(CSV, **{"__MACOSX/._services.csv": "\x00\xff"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("latin-1") if name.startswith("__") else text)
    assert len(importer.read_package("p.zip", buffer.getvalue())) == 2


def test_a_second_import_replaces_languages_hours_and_the_address(db):
    first = service_record(languages=[{"code": "nl"}, {"code": "en"}])
    assert importer.import_records([first]).saved
    moved = with_location(
        addresses=[{"address_1": "Zuiderstraat 9", "city": "Maastricht", "postal_code": "6211AB"}]
    )
    moved["languages"] = [{"code": "nl"}, {"code": "ar"}]
    moved["service_at_locations"][0]["schedules"] = [
        {"byday": "TU,TH", "opens_at": "13:00", "closes_at": "16:00"}
    ]
    report = importer.import_records([moved])
    assert [r.outcome for r in report.rows] == ["updated"]
    service = Service.objects.get()
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "nl"]
    place = service.at_locations.get()
    assert (place.location.street, place.location.postcode) == ("Zuiderstraat", "6211 AB")
    assert [str(h) for h in place.hours.all()] == ["dinsdag 13:00–16:00", "donderdag 13:00–16:00"]


def test_rows_of_one_file_share_new_organisations_and_locations(db):
    first = with_location(accessibility=[{"details": "hearing-loop"}])
    second = with_location(accessibility=[{"details": "lift"}, {"details": "hearing-loop"}])
    second.update(id="7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b", name="Wifi Noord")
    report = importer.import_records([first, second])
    assert report.saved
    assert Organisation.objects.filter(name="Buurtwerk Noord").count() == 1
    location = Location.objects.get(name="Buurthuis Noord")
    assert sorted(location.accessibility_features.values_list("code", flat=True)) == [
        "hearing-loop",
        "lift",
    ]
    assert ServiceAtLocation.objects.count() == 2


def test_a_name_taken_by_an_earlier_row_is_rejected_but_a_rejected_row_takes_nothing(db):
    twin = service_record(id="7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b")
    report = importer.import_records([service_record(), twin])
    assert "heeft al een andere dienst met de naam 'Digicafé Noord'" in report.rows[1].reasons[0]

    rejected = service_record(status="weg")
    report = importer.import_records([rejected, twin])
    assert report.rows[0].outcome == "rejected"
    assert report.rows[1].outcome == "created"  # the name was not taken: row 1 saves nothing
    assert not Service.objects.exists()


def test_an_import_writes_in_a_few_statements_whatever_its_size(db, django_assert_max_num_queries):
    records = [
        service_record(id=str(uuid.uuid4()), name=f"Digicafé {number}") for number in range(60)
    ]
    # Reading what the rows need, then one transaction: not dozens of queries per row (the
    # import used to hold SQLite's write lock for 47 s for 300 services).
    with django_assert_max_num_queries(30):
        report = importer.import_records(records)
    assert report.created == 60
    assert ServiceHours.objects.count() == 60


def test_the_import_moves_the_public_pages_on_once(db):
    before = content_cache.version("directory")
    content_cache.forget()
    assert importer.import_records([service_record()]).saved
    content_cache.forget()
    assert content_cache.version("directory") == before + 1


def test_a_name_taken_while_the_file_was_checked_saves_nothing_and_says_so(db, monkeypatch):
    write = import_plan.Plan.write

    def someone_else_first(plan, **kwargs):
        # Another coordinator saves a service with the same name just before the import does.
        organisation = Organisation.objects.create(name="Buurtwerk Noord", type="other")
        Service.objects.create(organisation=organisation, name="Digicafé Noord", type="course")
        write(plan, **kwargs)

    monkeypatch.setattr(import_plan.Plan, "write", someone_else_first)
    with pytest.raises(importer.ImportConflict, match="Probeer het opnieuw"):
        importer.import_records([service_record()])
    assert not Location.objects.exists()
    assert not AuditEvent.objects.filter(action="service.imported").exists()


def test_an_organisation_is_found_by_its_name_whatever_the_case(db):
    existing = Organisation.objects.create(name="Buurtwerk Noord", type="other")
    report = importer.import_records([service_record(organization={"name": "BUURTWERK noord"})])
    assert report.saved
    assert Service.objects.get().organisation == existing
    assert Organisation.objects.count() == 1
