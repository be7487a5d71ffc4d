"""The records each role's pages are opened on in test_role_matrix: one help point, one
cyberbank application and one device world per organisation."""

import hashlib

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.tests.factories import (
    DonationFactory,
)


def helpdesk_world(location, helper) -> dict:
    from django.utils import timezone

    from digiketen.helpdesk import services
    from digiketen.helpdesk.models import QuestionTemplate, Theme

    theme = Theme.objects.first()
    visit = services.register_visit(
        actor=helper,
        data={
            "location": location,
            "channel": "walk_in",
            "question_type": "government",
            "started_at": timezone.now(),
            "minutes": 10,
        },
        questions=[{"theme": theme, "outcome": "a"}],
    )
    template = QuestionTemplate.objects.create(
        organisation=location.organisation, name="DigiD", theme=theme, outcome_id="a"
    )
    from datetime import timedelta

    from digiketen.helpdesk.models import Appointment, AppointmentSlot

    start = timezone.now() + timedelta(days=2)
    slot = AppointmentSlot.objects.create(
        location=location, helper=helper, starts_at=start, ends_at=start + timedelta(minutes=30)
    )
    appointment = Appointment.objects.create(slot=slot, theme=theme, created_by=helper)
    free = start + timedelta(days=1)  # a time a resident can book at /afspraak
    open_slot = AppointmentSlot.objects.create(
        location=location, helper=helper, starts_at=free, ends_at=free + timedelta(minutes=30)
    )
    return {
        "visit": visit,
        "template": template,
        "appointment": appointment,
        "open_slot": open_slot,
    }


def application_world(location, staff) -> dict:
    from django.utils import timezone

    from digiketen.applications.models import DeviceHandover
    from digiketen.core import outbox
    from digiketen.inventory.models import Device
    from digiketen.tests.factories import ApplicationFactory

    devices = [
        Device.objects.create(
            asset_tag=f"DK-99999{n}",
            organisation=location.organisation,
            hub=location,
            type="laptop",
        )
        for n in (7, 8)
    ]
    application = ApplicationFactory(hub=location, wants_internet=True)
    handed = ApplicationFactory(hub=location, status="handed_out", device=devices[0])
    DeviceHandover.objects.create(
        application=handed,
        device=devices[0],
        form="loan",
        signed_on="paper",
        deposit_cents=2000,
        handed_by=staff,
        handed_at=timezone.now(),
    )
    invited = ApplicationFactory(
        hub=location, status="invited", device=devices[1], invitation_token="t" * 40
    )
    letter = outbox.send(
        channel="letter",
        to="Markt 1\n6211 CK Maastricht",
        subject="Ontvangen",
        body="Wij hebben uw aanvraag.",
        kind="received",
        about=application,
    )
    # The hub's eligibility checks (helpdesk's booking mechanism): one booked, one free.
    from datetime import timedelta

    from digiketen.helpdesk.models import Appointment, AppointmentSlot

    start = timezone.now() + timedelta(days=2)
    check_slot, open_check = (
        AppointmentSlot.objects.create(
            location=location,
            helper=staff,
            purpose="eligibility",
            starts_at=at,
            ends_at=at + timedelta(minutes=20),
        )
        for at in (start, start + timedelta(hours=1))
    )
    check = Appointment.objects.create(
        slot=check_slot,
        application=application,
        visitor_name="Lotte",
        manage_token=hashlib.sha256(str(location.pk).encode()).hexdigest()[:43],
    )
    return {
        "application": application,
        "handed": handed,
        "invited": invited,
        "letter": letter,
        "check": check,
        "open_check": open_check,
    }


def device_world(organisation, location, operator) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from digiketen.inventory.models import (
        Device,
        ErasureCertificate,
        ErasureRecord,
        StorageMedium,
    )

    device = Device.objects.create(
        asset_tag="DK-999999", organisation=organisation, hub=location, type="laptop"
    )
    medium = StorageMedium.objects.create(device=device, kind="ssd")
    now = timezone.now()
    erasure = ErasureRecord.objects.create(
        medium=medium,
        level="purge",
        method="crypto_erase",
        started_at=now - timedelta(hours=1),
        ended_at=now,
        verification_passed=True,
        outcome="erased",
        operator=operator,
    )
    certificate = ErasureCertificate.objects.create(
        number="WC-2026-TEST0-00001",
        device=device,
        content={"media": []},
        sha256=hashlib.sha256(b'{"media": []}').hexdigest(),
    )
    donation = DonationFactory(organisation=organisation, hub=location)
    from digiketen.inventory.models import HubToken, Skill

    upload_key = HubToken.objects.create(hub=location, name="stick", key_sha256="0" * 64)

    return {
        "trainee": make_staff(Role.TECHNICIAN_TRAINEE, organisation),
        "skill": Skill.objects.filter(organisation=organisation).first(),
        "device": device,
        "upload_key": upload_key,
        "medium": medium,
        "erasure": erasure,
        "certificate": certificate,
        "donation": donation,
    }


def buddy_world(organisation) -> dict:
    """A volunteer, a request and a running match of `organisation`, and a volunteer of
    another organisation (which every buddy coordinator here must not find)."""
    from digiketen.learning.models import MatchStep
    from digiketen.learning.services import buddies
    from digiketen.learning.tests.buddy_factories import BuddyRequestFactory, VolunteerFactory
    from digiketen.tests.factories import OrganisationFactory

    coordinator = make_staff(Role.BUDDY_COORDINATOR, organisation)
    volunteer = VolunteerFactory(organisation=organisation)
    request = BuddyRequestFactory(organisation=organisation)
    match = buddies.propose_match(
        actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk
    )
    buddies.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.START)
    return {
        "volunteer": volunteer,
        "buddy_request": BuddyRequestFactory(organisation=organisation),
        "match": match,
        "foreign_volunteer": VolunteerFactory(organisation=OrganisationFactory()),
    }


def course_world(organisation, location) -> dict:
    """A programme with a run of four sessions, a person waiting and one who completed."""
    from datetime import date, time, timedelta

    from django.utils import timezone

    from digiketen.core.models import Channel
    from digiketen.learning.models import (
        CourseRun,
        CourseSession,
        Enrolment,
        EnrolmentStatus,
        Programme,
    )

    programme = Programme.objects.create(
        organisation=organisation, name="Digisterker", description="DigiD", level="beginner"
    )
    run = CourseRun.objects.create(programme=programme, location=location, capacity=8)
    first = date.today() + timedelta(days=30)
    session = CourseSession.objects.create(run=run, date=first, starts=time(10), ends=time(12))
    common = {"programme": programme, "source": "public", "reach_by": Channel.SMS}
    waiting = Enrolment.objects.create(
        **common, name="Wachtend", status=EnrolmentStatus.WAITING, queued_at=timezone.now()
    )
    done = Enrolment.objects.create(
        **common,
        name="Klaar",
        status=EnrolmentStatus.COMPLETED,
        queued_at=timezone.now(),
        run=run,
        certificate_code="ABCDE12345",
    )
    return {
        "programme": programme,
        "run": run,
        "session": session,
        "enrolment": waiting,
        "completed": done,
    }
