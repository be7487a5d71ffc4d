"""SQLite stores a string longer than its column and a number with more digits than its
DECIMAL allows; PostgreSQL refuses both. So that a suite run on SQLite catches what
production would refuse, every save in a test checks that its values fit their columns."""

from decimal import Decimal

from django.db import models


class DoesNotFit(AssertionError):
    pass


def check_fit(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    for field in sender._meta.concrete_fields:
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        if isinstance(field, models.CharField) and field.max_length:
            if isinstance(value, str) and len(value) > field.max_length:
                raise DoesNotFit(
                    f"{sender.__name__}.{field.name}: {len(value)} characters, "
                    f"the column holds {field.max_length}"
                )
        elif isinstance(field, models.DecimalField) and isinstance(value, Decimal | int | float):
            whole_digits = field.max_digits - field.decimal_places
            if abs(Decimal(value)) >= Decimal(10) ** whole_digits:
                raise DoesNotFit(
                    f"{sender.__name__}.{field.name}: {value} does not fit "
                    f"DECIMAL({field.max_digits},{field.decimal_places})"
                )
