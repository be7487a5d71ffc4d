"""Factories for tests. Stateful models (devices, applications) are built THROUGH the
services, so a `DeviceFactory(ready=True)` has the history, erasure records, certificate and
audit events a real ready device has, and no test writes a state by hand."""

import datetime

import factory
from django.utils import timezone

from digiketen.accounts.models import Membership, User
from digiketen.accounts.roles import Role
from digiketen.directory.models import (
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceType,
)
from digiketen.donations.models import Donation
from digiketen.organisations import services as organisation_services
from digiketen.organisations.models import Location, Neighbourhood, Organisation, OrganisationType


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisationType.LIBRARY

    @factory.post_generation
    def set_up(obj, create, extracted, **kwargs):
        # As organisations.services does for a new partner: a cyberbank gets its own lists.
        if create:
            for step in organisation_services.SET_UP_STEPS:
                step(obj)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ["name"]

    name = "Binnenstad"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    street = "Markt"
    house_number = "1"
    postcode = "6211 CN"
    city = "Maastricht"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.django.Password("een-lang-wachtwoord-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.HUB_STAFF


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    type = ServiceType.HELP_POINT
    name = factory.Sequence(lambda n: f"Hulp {n}")
    description = "Hulp met DigiD en websites van de overheid."


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(
        LocationFactory, organisation=factory.SelfAttribute("..service.organisation")
    )


class ScheduleExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleException

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)
    start_date = datetime.date(2026, 12, 24)
    end_date = datetime.date(2026, 12, 27)
    notice = "Gesloten met Kerstmis."


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    token = factory.Sequence(lambda n: f"donatie-token-{n:04d}")
    organisation = factory.SubFactory(OrganisationFactory, type="refurbisher")
    donor_kind = "person"
    contact_name = "Piet Jansen"
    email = "piet@example.org"
    laptops = 1
    age = "unknown"
    handover = "drop_off"


def staff_of(organisation, role: Role) -> User:
    """The organisation's first member with `role`; made when there is none yet."""
    membership = (
        Membership.objects.filter(organisation=organisation, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return membership.user
    return MembershipFactory(organisation=organisation, role=role).user


class HubFactory(LocationFactory):
    """A handout point of a cyberbank."""

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.REFURBISHER)
    name = factory.Sequence(lambda n: f"Uitgiftepunt {n}")


ERASURE = {
    "level": "purge",
    "method": "ata_secure_erase",
    "tool": "nwipe",
    "tool_version": "0.36",
    "passes": 1,
    "verification_method": "steekproef 10%",
    "verification_passed": True,
    "outcome": "erased",
    "evidence": "nwipe log: ... Erased",
}


def erase_media(device) -> None:
    """A trainee erases every medium of the device, a supervisor signs each off."""
    from digiketen.inventory import services

    trainee = staff_of(device.organisation, Role.TECHNICIAN_TRAINEE)
    supervisor = staff_of(device.organisation, Role.TECHNICIAN_SUPERVISOR)
    for medium in device.media.all():
        now = timezone.now()
        record = services.record_erasure(
            actor=trainee,
            medium_id=medium.pk,
            data=ERASURE | {"started_at": now - datetime.timedelta(hours=1), "ended_at": now},
        )
        services.sign_off_erasure(actor=supervisor, record_id=record.pk)


# The way in to each state of the device's own workflow: (state before it, role who moves it).
# Reserved, handed out and returned devices come from an application (ApplicationFactory).
DEVICE_PATH = {
    "triaged": ("received", Role.HUB_STAFF),
    "awaiting_erasure": ("triaged", Role.HUB_STAFF),
    "erased": ("awaiting_erasure", Role.TECHNICIAN_SUPERVISOR),
    "refurbishing": ("erased", Role.TECHNICIAN_TRAINEE),
    "quality_check": ("refurbishing", Role.TECHNICIAN_TRAINEE),
    "ready": ("quality_check", Role.TECHNICIAN_SUPERVISOR),
    "parts_harvested": ("received", Role.HUB_STAFF),
    "recycled": ("received", Role.HUB_STAFF),
    "lost": ("received", Role.HUB_STAFF),
}


def walk_device(device, to_state: str):
    """Move a received device to `to_state` the way staff would, through the services."""
    from digiketen.inventory import services
    from digiketen.inventory.models import DeviceState

    if to_state == device.state:
        return device
    if to_state == "returned":
        # A return moves the device on to erasure at once (applications.services.
        # register_return); this is the moment in between.
        device = walk_device(device, "handed_out")
        staff = staff_of(device.organisation, Role.HUB_STAFF)
        return services.move_for_application(staff, device, DeviceState.RETURNED, "Goed")
    if to_state in ("reserved", "handed_out"):
        device = walk_device(device, "ready")
        walk = "invited" if to_state == "reserved" else "handed_out"
        ApplicationFactory(hub=device.hub, reserve_device=device, walk_to=walk)
        return type(device).objects.get(pk=device.pk)
    before, role = DEVICE_PATH[to_state]
    if to_state in ("parts_harvested", "recycled") and device.media.exists():
        # Nothing with storage leaves before its media are erased: via erasure.
        before = "erased"
    device = walk_device(device, before)
    if to_state == "erased":
        erase_media(device)
        # Approving the last erasure moves the device on by itself.
        device = type(device).objects.get(pk=device.pk)
        if device.state == to_state:
            return device
    if to_state == "quality_check":
        # The final check waits for the whole checklist: a trainee works through it.
        for task in services.open_tasks(device):
            services.log_work(
                actor=staff_of(device.organisation, Role.TECHNICIAN_TRAINEE),
                device_id=device.pk,
                task=task,
                minutes=10,
            )
    return services.transition(
        actor=staff_of(device.organisation, role),
        device_id=device.pk,
        to_state=to_state,
        reason="Kapot scherm" if to_state in ("parts_harvested", "recycled", "lost") else "",
    )


class DeviceFactory(factory.Factory):
    """A device taken in at a hub and walked to `state` through the services. Traits name
    the state: DeviceFactory(ready=True). `media` storage media are erased on the way."""

    class Meta:
        model = "inventory.Device"

    class Params:
        state = "received"
        received = factory.Trait(state="received")
        triaged = factory.Trait(state="triaged")
        awaiting_erasure = factory.Trait(state="awaiting_erasure")
        erased = factory.Trait(state="erased")
        refurbishing = factory.Trait(state="refurbishing")
        quality_check = factory.Trait(state="quality_check")
        ready = factory.Trait(state="ready")
        reserved = factory.Trait(state="reserved")
        handed_out = factory.Trait(state="handed_out")
        returned = factory.Trait(state="returned")
        parts_harvested = factory.Trait(state="parts_harvested")
        recycled = factory.Trait(state="recycled")
        lost = factory.Trait(state="lost")

    hub = factory.SubFactory(HubFactory)
    type = "laptop"
    media = 1
    walk_to = factory.SelfAttribute("state")

    @classmethod
    def _create(cls, model_class, *, hub, type, media, walk_to, **details):
        from digiketen.inventory import services
        from digiketen.inventory.models import StorageMedium

        [device] = services.receive_devices(
            actor=staff_of(hub.organisation, Role.HUB_STAFF),
            hub=hub,
            count=1,
            type=type,
            **details,
        )
        for n in range(media):
            StorageMedium.objects.create(device=device, kind="ssd", serial=f"{device}-{n}")
        return walk_device(device, str(walk_to))


# The way in to each status of an application: the status before it.
APPLICATION_PATH = {
    "waiting": "submitted",
    "invited": "waiting",
    "scheduled": "invited",
    "handed_out": "invited",
    "returned": "handed_out",
    "closed": "submitted",
}


def walk_application(application, to_status: str, device=None):
    """Move a submitted application to `to_status` the way staff and resident would."""
    from digiketen.applications import services
    from digiketen.applications.models import PickupSlot

    if to_status == application.status:
        return application
    application = walk_application(application, APPLICATION_PATH[to_status], device)
    staff = staff_of(application.organisation, Role.HUB_STAFF)
    if to_status == "waiting":
        return services.decide_eligibility(
            actor=staff,
            application_id=application.pk,
            eligible=True,
            route="pass",
            pass_number=f"{application.pk:010d}",
            pass_valid_until=timezone.localdate() + datetime.timedelta(days=90),
            household_note="Getest huishouden",
        )
    if to_status == "invited":
        device = device or DeviceFactory(hub=application.hub, ready=True)
        return services.reserve(
            actor=staff,
            application_id=application.pk,
            device_id=device.pk,
            reason="Past het best bij de laptop",
        )
    if to_status == "scheduled":
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
        slot = PickupSlot.objects.create(
            hub=application.hub,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=15),
            capacity=1,
        )
        return services.book_slot(application_id=application.pk, slot_id=slot.pk)
    if to_status == "handed_out":
        services.hand_over(
            actor=staff, application_id=application.pk, signed_on="paper", method="cash"
        )
    elif to_status == "returned":
        services.register_return(
            actor=staff, application_id=application.pk, condition="good", method="cash"
        )
    elif to_status == "closed":
        services.close(actor=staff, application_id=application.pk, reason="Verhuisd")
    application.refresh_from_db()
    return application


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application; traits walk it on through the services, with the device,
    reservation, handover and deposit ledger that status has: ApplicationFactory(
    handed_out=True). `reserve_device` picks the (ready) device to reserve."""

    class Meta:
        model = "applications.Application"

    class Params:
        walk_to = None  # None: the row as given, e.g. ApplicationFactory(status=...)
        reserve_device = None
        waiting = factory.Trait(walk_to="waiting")
        invited = factory.Trait(walk_to="invited")
        scheduled = factory.Trait(walk_to="scheduled")
        handed_out = factory.Trait(walk_to="handed_out")
        returned = factory.Trait(walk_to="returned")
        closed = factory.Trait(walk_to="closed")

    walk = factory.SelfAttribute("walk_to")
    reserve = factory.SelfAttribute("reserve_device")

    hub = factory.SubFactory(LocationFactory)
    organisation = factory.SelfAttribute("hub.organisation")
    channel = "online"
    purposes = factory.LazyFunction(lambda: ["contact"])
    household_size = 1
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Jansen{n}")
    postcode = factory.Sequence(lambda n: f"62{n % 100:02d}AB")
    house_number = factory.Sequence(lambda n: str(n + 1))
    contact_by = "email"
    email = "anna@example.org"
    route = "pass"
    consent_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, walk, reserve, **kwargs):
        application = super()._create(model_class, *args, **kwargs)
        return walk_application(application, walk, reserve) if walk else application
