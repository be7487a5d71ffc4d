"""Every staff page that shows a resident's name logs who looked: the detail page, each action
page, and the lists (one event per page view naming the applications shown)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.applications.models import PickupSlot, Status
from digiketen.conftest import login_verified
from digiketen.core.models import AuditEvent
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import ApplicationFactory

# Each page that opens one application, with a status in which it shows its form or result.
ACTION_PAGES = [
    ("detail", {}),
    ("eligibility", {}),
    ("move-up", {"waiting": True}),
    ("reserve", {"waiting": True}),
    ("book", {"invited": True}),
    ("no-show", {"scheduled": True}),
    ("handover", {"scheduled": True}),
    ("handover-done", {"handed_out": True}),
    ("agreement", {"handed_out": True}),
    ("return", {"handed_out": True}),
    ("internet", {"handed_out": True}),
    ("release", {"invited": True}),
    ("lost", {"handed_out": True}),
    ("close", {}),
]


def viewed(application) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="application.viewed",
            object_type="applications.application",
            object_id=str(application.pk),
        )
    )


@pytest.mark.parametrize(("name", "status"), ACTION_PAGES, ids=[name for name, _s in ACTION_PAGES])
def test_each_page_of_an_application_logs_that_the_resident_was_read(
    client, hub, staff, name, status
):
    application = ApplicationFactory(hub=hub, **status)
    if name == "no-show":  # offered once the pickup time has begun
        PickupSlot.objects.filter(pk=application.slot_id).update(
            starts_at=timezone.now() - timedelta(hours=1)
        )
    login_verified(client, staff)
    assert viewed(application) == []

    response = client.get(reverse(f"applications:{name}", args=[application.pk]))

    assert response.status_code == 200
    if response["Content-Type"].startswith("text/html"):
        assert application.full_name in response.text  # what makes it a read
    [event] = viewed(application)
    assert event.actor == staff
    assert event.organisation == hub.organisation


def test_a_page_of_another_organisation_logs_nothing(client, staff):
    other = ApplicationFactory()
    login_verified(client, staff)
    assert client.get(reverse("applications:handover", args=[other.pk])).status_code == 404
    assert viewed(other) == []


def listed_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="application.listed"))


def test_the_search_logs_one_event_naming_the_applications_shown(client, hub, staff):
    found = ApplicationFactory(hub=hub, last_name="Vissers")
    ApplicationFactory(hub=hub, last_name="Smeets")
    login_verified(client, staff)

    response = client.get(reverse("applications:list"), {"q": "visser"})

    # A search by name tells whose application exists, even if the list shows only codes.
    assert found.reference in response.text
    event = assert_audited(
        "application.listed",
        actor=staff,
        organisation=hub.organisation,
        after={"shown": [found.reference]},
    )
    assert event.after == {"shown": [found.reference]}  # nobody else, and not the search text


def test_a_search_that_finds_nobody_logs_nothing(client, hub, staff):
    ApplicationFactory(hub=hub)
    login_verified(client, staff)
    client.get(reverse("applications:list"), {"q": "niemand"})
    assert listed_events() == []


def test_the_waiting_list_and_the_day_list_log_whom_they_show(client, hub, staff):
    waiting = ApplicationFactory(hub=hub, waiting=True)
    coming = ApplicationFactory(hub=hub, scheduled=True)
    login_verified(client, staff)

    client.get(reverse("applications:waiting-list"), {"hub": hub.pk})
    day = timezone.localdate(coming.slot.starts_at).isoformat()
    day_list = client.get(reverse("applications:day-list"), {"hub": hub.pk, "dag": day})

    assert coming.full_name in day_list.text
    assert [event.after["shown"] for event in listed_events()] == [
        [coming.reference],  # newest first
        [waiting.reference],
    ]


def waiting(hub):
    """A row on the waiting list, without walking it there (that makes staff accounts)."""
    return ApplicationFactory(hub=hub, status=Status.WAITING, queued_at=timezone.now())


@pytest.mark.parametrize("url", ["applications:list", "applications:waiting-list"])
def test_logging_a_list_takes_one_query_for_5_or_30_rows(
    client, hub, staff, url, django_assert_num_queries, monkeypatch
):
    from digiketen.core import content_cache

    # The site's cached settings are looked up again after 2 s; on a busy machine the steps
    # below take longer, and that lookup is no query of the list.
    monkeypatch.setattr(content_cache, "VERSION_MEMO_SECONDS", 3600)
    login_verified(client, staff)
    for _n in range(5):
        waiting(hub)
    client.get(reverse(url), {"hub": hub.pk})  # the session and the site settings are cached
    with django_assert_num_queries(99, exact=False) as few:
        client.get(reverse(url), {"hub": hub.pk})
    for _n in range(25):
        waiting(hub)
    with django_assert_num_queries(len(few)):
        client.get(reverse(url), {"hub": hub.pk})
    inserts = [q["sql"] for q in few.captured_queries if "INSERT" in q["sql"]]
    assert len(inserts) == 1 and "core_auditevent" in inserts[0]
