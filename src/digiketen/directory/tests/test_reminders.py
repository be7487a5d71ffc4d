from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.directory.models import Service
from digiketen.tests.factories import OrganisationFactory, ServiceFactory


def remind(capture):
    """Run the daily command as the scheduler does: the mails leave once it has committed."""
    with capture(execute=True):
        call_command("remind_service_owners")


def test_owners_of_stale_services_get_one_reminder_a_month(
    db, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SERVICE_CONFIRM_MONTHS = 6
    library = OrganisationFactory(name="Bibliotheek")
    make_staff(Role.ORGANISATION_ADMIN, library, email="beheer@example.org")
    make_staff(Role.HELP_POINT_STAFF, library, email="balie@example.org")
    now = timezone.now()
    stale = ServiceFactory(
        organisation=library, name="Oud punt", last_confirmed_at=now - timedelta(days=200)
    )
    ServiceFactory(
        organisation=library, name="Vers punt", last_confirmed_at=now - timedelta(days=10)
    )

    remind(django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["beheer@example.org"]]
    body = mailoutbox[0].body
    assert "Oud punt" in body and "Vers punt" not in body
    assert "/werkruimte/hulp" in body
    stale.refresh_from_db()
    assert stale.confirmation_reminder_sent_at is not None

    remind(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1  # not again within a month


def test_confirming_stops_the_reminders(db, mailoutbox, django_capture_on_commit_callbacks):
    library = OrganisationFactory(email="info@bieb.example.org")
    ServiceFactory(organisation=library, last_confirmed_at=None)
    remind(django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["info@bieb.example.org"]]  # no admin: the organisation
    Service.objects.update(last_confirmed_at=timezone.now(), confirmation_reminder_sent_at=None)
    remind(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
