"""An import of thousands of rows sends the same few queries as one of a hundred: each kind of
reference is looked up once (core.bulk.AnyOf) and each table written in bulk statements."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from digiketen.directory import importer
from digiketen.directory.models import Service, ServiceAtLocation, ServiceHours
from digiketen.directory.tests.test_import import service_record
from digiketen.organisations.models import Location, Organisation


def records(count: int, run: str) -> list[dict]:
    """`count` new services of ten organisations, each at a location of its own."""
    rows = []
    for number in range(count):
        record = service_record(id=str(uuid.uuid4()), name=f"Digicafé {run}-{number}")
        record["organization"] = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{run}{number % 10}"))}
        record["organization"]["name"] = f"Buurtwerk {run}-{number % 10}"
        record["service_at_locations"][0]["id"] = str(uuid.uuid4())
        location = record["service_at_locations"][0]["location"]
        location.update(id=str(uuid.uuid4()), name=f"Buurthuis {run}-{number}")
        rows.append(record)
    return rows


def statements(queries: list[dict]) -> list[str]:
    """The statements sent, a multi-row INSERT once however many batches it took: SQLite
    takes at most 32,766 parameters a statement, so its rows go in batches of a thousand or
    so (PostgreSQL's of 10,000), the same statement again for the next rows."""
    sent = []
    for query in queries:
        sql = query["sql"].split(" VALUES ")[0]
        if not sent or sent[-1] != sql or not sql.startswith("INSERT"):
            sent.append(sql)
    return sent


def imported(count: int, run: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        report = importer.import_records(records(count, run), actor_label="test")
    assert report.saved
    assert report.created == count
    return statements(captured.captured_queries)


def test_thousands_of_rows_take_no_more_queries_than_a_hundred(db):
    imported(1, "first")  # the first import ever also makes the content version's row
    small, large = imported(100, "a"), imported(3_000, "b")
    assert len(large) == len(small)
    assert len(large) <= 40
    assert Service.objects.count() == 3_101
    assert Organisation.objects.count() == 21
    assert Location.objects.count() == ServiceAtLocation.objects.count() == 3_101
    assert ServiceHours.objects.count() == 3_101


def test_importing_thousands_again_updates_them_in_the_same_few_look_ups(db):
    rows = records(2_000, "c")
    assert importer.import_records(rows).created == 2_000
    with CaptureQueriesContext(connection) as captured:
        again = importer.import_records(rows)
    assert again.updated == 2_000
    # The updates go one row a statement (executemany); the look-ups stay one per kind.
    reads = [q for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) <= 15
    assert Service.objects.count() == 2_000
