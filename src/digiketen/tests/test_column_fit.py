"""The guard that makes a SQLite run refuse what PostgreSQL refuses."""

from decimal import Decimal

import pytest

from digiketen.tests.column_fit import DoesNotFit
from digiketen.tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_a_string_longer_than_its_column_is_refused_as_postgresql_would():
    organisation = OrganisationFactory()
    limit = type(organisation)._meta.get_field("name").max_length
    organisation.name = "x" * limit
    organisation.save()
    organisation.name = "x" * (limit + 1)
    with pytest.raises(DoesNotFit):
        organisation.save()


def test_a_number_with_too_many_whole_digits_is_refused():
    from digiketen.inventory.models import Device
    from digiketen.tests.column_fit import check_fit

    # battery_design_wh is DECIMAL(5,1): at most 9999.9
    check_fit(Device, Device(battery_design_wh=Decimal("9999.9")))
    with pytest.raises(DoesNotFit):
        check_fit(Device, Device(battery_design_wh=Decimal("10000")))
