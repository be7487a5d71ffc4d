"""Factories for the buddy half: a volunteer with a valid VOG by default, a request, a match."""

from datetime import timedelta

import factory
from django.utils import timezone

from digiketen.learning.models import BuddyRequest, Volunteer
from digiketen.tests.factories import OrganisationFactory


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Vrijwilliger {n}")
    email = factory.Sequence(lambda n: f"vrijwilliger{n}@example.org")
    languages = factory.LazyFunction(lambda: ["nl"])
    postcode = "6211"
    availability = factory.LazyFunction(lambda: ["mon_am"])
    home_visits = True
    vog_received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    vog_valid_until = factory.LazyAttribute(
        lambda o: (
            o.vog_received_on.replace(year=o.vog_received_on.year + 3)
            if o.vog_received_on
            else None
        )
    )

    class Params:
        without_vog = factory.Trait(vog_received_on=None, vog_valid_until=None)


class BuddyRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuddyRequest

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Inwoner {n}")
    phone = "0612345678"
    wish = "Leren videobellen met mijn kleinkinderen"
    language = "nl"
    postcode = "6211"
    availability = factory.LazyFunction(lambda: ["mon_am"])
    home_visit = False
