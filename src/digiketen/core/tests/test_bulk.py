"""core.bulk: look-ups of many values in one query, and inserts of plain rows."""

import uuid

from django.db.models.functions import Upper

from digiketen.core import bulk
from digiketen.core.bulk import AnyOf
from digiketen.organisations.models import Location, Organisation


def organisations(*names: str) -> list[Organisation]:
    return [Organisation.objects.create(name=name, type="other") for name in names]


def test_any_of_finds_the_rows_among_thousands_of_values_in_one_query(
    db, django_assert_num_queries
):
    north, _south, east = organisations("Noord", "Zuid", "Oost")
    # Far past SQLite's limit on parameters for an IN list of this size in one query.
    wanted = [north.uuid, east.uuid, *(uuid.uuid4() for _ in range(40_000))]
    with django_assert_num_queries(1):
        found = sorted(Organisation.objects.filter(AnyOf("uuid", wanted)).values_list("name"))
    assert found == [("Noord",), ("Oost",)]


def test_any_of_compares_foreign_keys_and_finds_nothing_in_an_empty_list(db):
    north, south = organisations("Noord", "Zuid")
    Location.objects.create(
        organisation=north, name="Buurthuis", street="Markt", house_number="1", postcode="6211 CN"
    )
    by_owner = Location.objects.filter(AnyOf("organisation_id", [north.pk, south.pk]))
    assert [loc.name for loc in by_owner] == ["Buurthuis"]
    assert not Organisation.objects.filter(AnyOf("uuid", [])).exists()
    assert not Location.objects.filter(AnyOf("organisation_id", [south.pk])).exists()


def test_any_of_with_fold_case_ignores_case_as_the_database_does(db):
    organisations("Buurtwerk Noord", "Trajekt")
    folded = Organisation.objects.filter(AnyOf("name", ["BUURTWERK noord"], fold_case=True))
    assert [o.name for o in folded] == ["Buurtwerk Noord"]
    assert not Organisation.objects.filter(AnyOf("name", ["BUURTWERK noord"])).exists()
    # An expression on the left works too.
    upper = Organisation.objects.filter(AnyOf(Upper("name"), ["TRAJEKT"]))
    assert [o.name for o in upper] == ["Trajekt"]


def test_insert_takes_plain_rows_that_refer_to_rows_inserted_before_them(db):
    new = Organisation(name="Buurtwerk Noord", type="other")
    statements = [
        bulk.insert(Organisation, [new]),
        bulk.insert(
            Location,
            [
                {
                    "organisation": new,  # not saved yet: found by its uuid when the row goes in
                    "name": "Buurthuis Noord",
                    "street": "Noorderstraat",
                    "house_number": "5",
                    "postcode": "6222 AA",
                    "city": "Maastricht",
                }
            ],
            by_uuid=("organisation",),
        ),
    ]
    bulk.run_all(statements)
    location = Location.objects.get()
    assert location.organisation.name == "Buurtwerk Noord"
    # What the row left out got its default, and auto_now(_add) the time of the insert.
    assert location.is_active
    assert location.uuid is not None
    assert location.created_at is not None
    assert location.updated_at is not None
