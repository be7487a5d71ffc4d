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
from digiketen.organisations.models import Location, Neighbourhood, Organisation, OrganisationType


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisationType.LIBRARY


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


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Application"

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
