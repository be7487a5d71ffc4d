"""An HSDS 3.0 CSV package of N new services, as a municipality's register would export it:
one organisation per ten services, one location per service with an address, two weekly
opening periods and a closure, a language, a phone and the service type as a taxonomy term.
Every run makes new ids and names, so each import creates N services."""

import csv
import io
import uuid
import zipfile

from digiketen.directory import hsds

TYPES = ["help_point", "digital_help", "course", "free_wifi", "public_computer", "printing"]


def _table(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def build(services: int, *, per_organisation: int = 10) -> bytes:
    """The package as the bytes of a .zip with its CSV files."""
    run = uuid.uuid4().hex[:6]
    tables: dict[str, list[dict]] = {
        name: []
        for name in (
            "organizations",
            "services",
            "locations",
            "addresses",
            "service_at_locations",
            "schedules",
            "languages",
            "phones",
            "attributes",
            "taxonomy_terms",
        )
    }
    for code in TYPES:
        term = hsds.service_type_term(code)
        tables["taxonomy_terms"].append({"id": term["id"], "code": code, "name": code})
    org_id = ""
    for n in range(services):
        if n % per_organisation == 0:
            org_id = str(uuid.uuid4())
            tables["organizations"].append(
                {
                    "id": org_id,
                    "name": f"Organisatie {run}-{n // per_organisation}",
                    "description": "Welzijn in de wijk",
                    "email": "",
                    "website": "",
                }
            )
        service_id, location_id, place_id = (str(uuid.uuid4()) for _ in range(3))
        tables["services"].append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": f"Digicafé {run}-{n}",
                "description": "Hulp met uw telefoon, tablet of computer.",
                "status": "active",
                "url": "https://example.org/digicafe",
                "email": "info@example.org",
                "minimum_age": "",
                "maximum_age": "",
                "fees_description": "",
            }
        )
        tables["locations"].append(
            {
                "id": location_id,
                "organization_id": org_id,
                "name": f"Buurthuis {n}",
                "latitude": "50.85",
                "longitude": "5.69",
                "transportation": "Bus 1",
            }
        )
        tables["addresses"].append(
            {
                "id": f"a{n}",
                "location_id": location_id,
                "address_1": f"Markt {n % 200 + 1}",
                "city": "Maastricht",
                "postal_code": "6211CN",
                "country": "NL",
                "address_type": "physical",
            }
        )
        tables["service_at_locations"].append(
            {
                "id": place_id,
                "service_id": service_id,
                "location_id": location_id,
                "description": "",
            }
        )
        for day, opens, closes in (("MO,WE", "09:30", "12:00"), ("FR", "13:00", "16:00")):
            tables["schedules"].append(
                {
                    "id": f"s{n}{day}",
                    "service_at_location_id": place_id,
                    "byday": day,
                    "opens_at": opens,
                    "closes_at": closes,
                    "valid_from": "",
                    "valid_to": "",
                    "description": "",
                }
            )
        tables["schedules"].append(
            {
                "id": f"x{n}",
                "service_at_location_id": place_id,
                "byday": "",
                "opens_at": "",
                "closes_at": "",
                "valid_from": "2026-12-24",
                "valid_to": "2026-12-26",
                "description": "Dicht met Kerst",
            }
        )
        tables["languages"].append({"id": f"l{n}", "service_id": service_id, "code": "nl"})
        tables["phones"].append(
            {"id": f"p{n}", "service_id": service_id, "number": "043 123 45 67"}
        )
        tables["attributes"].append(
            {
                "id": f"t{n}",
                "link_id": service_id,
                "link_type": "service",
                "taxonomy_term_id": hsds.service_type_term(TYPES[n % len(TYPES)])["id"],
            }
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _table(rows))
    return buffer.getvalue()
