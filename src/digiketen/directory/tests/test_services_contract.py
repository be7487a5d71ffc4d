"""What each change to the service catalogue leaves behind and whom it refuses."""

import datetime

import pytest
import time_machine
from django.core import mail

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.models import Message
from digiketen.directory import services
from digiketen.directory.models import ScheduleException, Service, ServiceAtLocation
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 9, 1, 10, 0, tzinfo=datetime.UTC)
TUESDAY = [{"weekday": 1, "opens": datetime.time(10), "closes": datetime.time(16)}]
DATA = {"type": "help_point", "name": "Informatiepunt", "description": "Hulp met DigiD."}


@pytest.fixture
def library():
    return OrganisationFactory(name="Bibliotheek")


@pytest.fixture
def admin(library):
    return make_staff(Role.ORGANISATION_ADMIN, library)


@pytest.fixture
def outsiders(library):
    """An administrator of another partner, and help point staff of this one."""
    return [make_staff(Role.ORGANISATION_ADMIN), make_staff(Role.HELP_POINT_STAFF, library)]


def test_a_new_service_is_confirmed_by_its_maker_and_audited(library, admin):
    with time_machine.travel(NOW, tick=False):
        service = services.create_service(
            actor=admin, organisation=library, data=DATA | {"is_free": True}, languages=["nl", "ar"]
        )
    assert (service.organisation, service.last_confirmed_by) == (library, admin)
    assert service.last_confirmed_at == NOW
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "nl"]
    assert_audited(
        "service.created",
        actor=admin,
        subject=service,
        organisation=library,
        after={"name": "Informatiepunt", "is_free": True, "languages": ["ar", "nl"]},
    )
    with pytest.raises(services.DuplicateName):
        services.create_service(actor=admin, organisation=library, data=DATA, languages=[])


def test_a_service_is_made_only_by_its_own_partner(library, outsiders):
    for actor in outsiders:
        assert_refused(
            services.create_service, actor=actor, organisation=library, data=DATA, languages=[]
        )


def test_an_update_is_audited_before_and_after_and_counts_as_confirmation(library, admin):
    service = ServiceFactory(
        organisation=library, name="Oud", confirmation_reminder_sent_at=NOW, is_free=False
    )
    services.update_service(
        actor=admin, service=service, data={"name": "Oud", "is_free": True}, languages=["nl"]
    )
    with time_machine.travel(NOW, tick=False):
        updated = services.update_service(
            actor=admin, service=service, data={"name": "Nieuw"}, languages=["en", "nl"]
        )
    assert (updated.name, updated.last_confirmed_at, updated.last_confirmed_by) == (
        "Nieuw",
        NOW,
        admin,
    )
    assert updated.confirmation_reminder_sent_at is None
    assert sorted(updated.languages.values_list("code", flat=True)) == ["en", "nl"]
    assert_audited(
        "service.updated",
        actor=admin,
        subject=service,
        count=2,
        before={"name": "Oud", "is_free": True, "languages": ["nl"]},
        after={"name": "Nieuw", "is_free": True, "languages": ["en", "nl"]},
    )
    services.update_service(actor=admin, service=service, data={}, languages=[])
    assert not updated.languages.exists()


def test_updates_and_confirmations_are_refused_to_others(library, outsiders):
    service = ServiceFactory(organisation=library, last_confirmed_at=None)
    for actor in outsiders:
        assert_refused(
            services.update_service, actor=actor, service=service, data=DATA, languages=[]
        )
        assert_refused(services.confirm_service, actor=actor, service=service)
    service.refresh_from_db()
    assert service.last_confirmed_at is None


def test_confirming_marks_the_service_current_and_stops_reminders(library, admin):
    service = ServiceFactory(organisation=library, confirmation_reminder_sent_at=NOW)
    with time_machine.travel(NOW, tick=False):
        confirmed = services.confirm_service(actor=admin, service=service)
    confirmed.refresh_from_db()
    assert (confirmed.last_confirmed_at, confirmed.last_confirmed_by) == (NOW, admin)
    assert confirmed.confirmation_reminder_sent_at is None
    assert_audited("service.confirmed", actor=admin, subject=service)


def test_confirming_is_not_a_change_for_the_open_data_readers(library, admin):
    """The open data (HSDS `last_modified`, the API's `modified_after`) tells readers what
    changed: a partner saying the service is still correct changes nothing they read."""
    with time_machine.travel(NOW, tick=False):
        service = ServiceFactory(organisation=library)
    with time_machine.travel(NOW + datetime.timedelta(days=40), tick=False):
        services.confirm_service(actor=admin, service=service)
    service.refresh_from_db()
    assert service.updated_at == NOW
    assert service.last_confirmed_at == NOW + datetime.timedelta(days=40)


def test_places_with_hours_are_added_changed_and_removed_with_audit(library, admin):
    service = ServiceFactory(organisation=library)
    location = LocationFactory(organisation=library, name="Centrale bieb")
    place = services.add_place(
        actor=admin, service=service, location=location, note="1e verdieping", periods=TUESDAY
    )
    assert_audited(
        "service.place_added",
        actor=admin,
        subject=service,
        after={
            "location": "Centrale bieb",
            "note": "1e verdieping",
            "hours": ["dinsdag 10:00–16:00"],
        },
    )
    with pytest.raises(services.DuplicateName):
        services.add_place(actor=admin, service=service, location=location, note="", periods=[])
    thursday = [{"weekday": 3, "opens": datetime.time(9), "closes": datetime.time(12)}]
    services.update_place(actor=admin, place=place, note="Balie", periods=thursday)
    place.refresh_from_db()
    assert place.note == "Balie" and [str(h) for h in place.hours.all()] == [
        "donderdag 09:00–12:00"
    ]
    assert_audited(
        "service.place_updated",
        actor=admin,
        subject=service,
        before={"note": "1e verdieping", "hours": ["dinsdag 10:00–16:00"]},
        after={"note": "Balie", "hours": ["donderdag 09:00–12:00"]},
    )
    services.remove_place(actor=admin, place=place)
    assert not ServiceAtLocation.objects.exists()
    assert_audited(
        "service.place_removed",
        actor=admin,
        subject=service,
        before={"location": "Centrale bieb", "hours": ["donderdag 09:00–12:00"]},
    )


def test_a_place_at_another_partners_location_needs_rights_there(library, admin):
    service = ServiceFactory(organisation=library)
    elsewhere = LocationFactory()
    assert_refused(
        services.add_place,
        actor=admin,
        service=service,
        location=elsewhere,
        note="",
        periods=[],
    )
    coordinator = make_staff(Role.COORDINATOR)
    place = services.add_place(
        actor=coordinator, service=service, location=elsewhere, note="", periods=[]
    )
    assert place.location == elsewhere


def test_places_and_closures_are_refused_to_others(library, outsiders):
    place = ServiceAtLocationFactory(service__organisation=library)
    exception = ScheduleException.objects.create(
        service_at_location=place,
        start_date=datetime.date(2026, 12, 24),
        end_date=datetime.date(2026, 12, 27),
    )
    closure = {k: getattr(exception, k) for k in services.EXCEPTION_FIELDS}
    for actor in outsiders:
        assert_refused(
            services.add_place,
            actor=actor,
            service=place.service,
            location=LocationFactory(organisation=library),
            note="",
            periods=[],
        )
        assert_refused(services.update_place, actor=actor, place=place, note="x", periods=[])
        assert_refused(services.remove_place, actor=actor, place=place)
        assert_refused(services.add_exception, actor=actor, place=place, data=closure)
        assert_refused(services.remove_exception, actor=actor, exception=exception)


def test_a_closure_is_added_and_removed_with_audit(library, admin):
    place = ServiceAtLocationFactory(service__organisation=library, location__name="Wijkbieb")
    data = {
        "start_date": datetime.date(2026, 12, 24),
        "end_date": datetime.date(2026, 12, 27),
        "is_closed": False,
        "opens": datetime.time(10),
        "closes": datetime.time(12),
        "notice": "Korter open",
    }
    exception = services.add_exception(actor=admin, place=place, data=data)
    expected = {
        "start_date": "2026-12-24",
        "end_date": "2026-12-27",
        "is_closed": False,
        "opens": "10:00:00",
        "notice": "Korter open",
        "location": "Wijkbieb",
    }
    assert_audited("service.exception_added", actor=admin, subject=place.service, after=expected)
    services.remove_exception(actor=admin, exception=exception)
    assert not ScheduleException.objects.exists()
    assert_audited("service.exception_removed", actor=admin, subject=place.service, before=expected)


# -- reminders to confirm --------------------------------------------------------------------


def test_which_services_are_due_for_a_reminder(settings):
    settings.SERVICE_CONFIRM_MONTHS = 6
    stale = NOW - datetime.timedelta(days=180)
    month = datetime.timedelta(days=30)
    due = {
        "never confirmed": ServiceFactory(last_confirmed_at=None),
        "long ago": ServiceFactory(last_confirmed_at=stale - datetime.timedelta(seconds=1)),
        "reminded over a month ago": ServiceFactory(
            last_confirmed_at=None,
            confirmation_reminder_sent_at=NOW - month - datetime.timedelta(seconds=1),
        ),
    }
    not_due = {
        "exactly at the limit": ServiceFactory(last_confirmed_at=stale),
        "reminded a month ago": ServiceFactory(
            last_confirmed_at=None, confirmation_reminder_sent_at=NOW - month
        ),
        "switched off": ServiceFactory(last_confirmed_at=None, is_active=False),
        "partner switched off": ServiceFactory(
            last_confirmed_at=None, organisation__is_active=False
        ),
    }
    found = set(services.services_to_confirm(now=NOW))
    assert {name for name, s in due.items() if s in found} == set(due)
    assert {name for name, s in not_due.items() if s in found} == set()


def test_each_partner_gets_one_reminder_for_all_its_services(
    library, admin, settings, django_capture_on_commit_callbacks
):
    settings.SERVICE_CONFIRM_MONTHS = 6
    admin.email = "beheer@example.org"
    admin.save()
    make_staff(Role.ORGANISATION_ADMIN, library, email="aa@example.org")
    make_staff(Role.ORGANISATION_ADMIN, library, email="weg@example.org", is_active=False)
    make_staff(Role.HELP_POINT_STAFF, library, email="balie@example.org")
    first = ServiceFactory(organisation=library, name="Spreekuur", last_confirmed_at=None)
    second = ServiceFactory(organisation=library, name="Cursus", last_confirmed_at=None)
    nobody = ServiceFactory(organisation__email="", last_confirmed_at=None)
    fallback = ServiceFactory(organisation__email="info@buurthuis.example.org")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        assert services.send_confirmation_reminders(now=NOW) == 2
    # One e-mail per address: an administrator does not see who else got it.
    assert sorted(m.to for m in mail.outbox) == [
        ["aa@example.org"],
        ["beheer@example.org"],
        ["info@buurthuis.example.org"],
    ]
    # Each is a message of the partner in the outbox: its administrators see it, in Dutch.
    assert sorted(
        (m.recipient, m.kind, m.about, m.organisation, m.language) for m in Message.objects.all()
    ) == [
        (to, "directory.confirm_reminder", org, org, "nl")
        for to, org in (
            ("aa@example.org", library),
            ("beheer@example.org", library),
            ("info@buurthuis.example.org", fallback.organisation),
        )
    ]
    message = next(m for m in mail.outbox if "beheer@example.org" in m.to)
    assert message.subject == "Klopt uw informatie nog? Controleer uw diensten"
    assert "- Spreekuur" in message.body and "- Cursus" in message.body
    assert "Bibliotheek" in message.body and "6 maanden" in message.body
    for service in (first, second, fallback):
        service.refresh_from_db()
        assert service.confirmation_reminder_sent_at == NOW
    nobody.refresh_from_db()
    assert nobody.confirmation_reminder_sent_at is None
    assert services.send_confirmation_reminders(now=NOW) == 0


def test_a_service_stays_listed_whatever_the_reminders(library):
    """Reminders never switch a service off: only its partner does."""
    ServiceFactory(organisation=library, last_confirmed_at=None)
    services.send_confirmation_reminders(now=NOW)
    assert Service.objects.get().is_active
