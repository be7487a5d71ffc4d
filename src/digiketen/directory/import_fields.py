"""Django's own checks of the fields a row of an import takes from the file, made cheap.

`clean_fields` ran every validator of eight fields of 20,000 services and six of their
locations (a fifth of the time of checking a package). Most values need only a length test;
the other checks (e-mail and web addresses, postcodes) are made once per distinct value, and
a package repeats them (one web address for a hundred services). Only a value that fails
goes through `clean_fields` itself, so the reasons on the report are Django's own, as before.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models


class FieldChecks:
    """The checks of `names` of `model`, for one import (it remembers the values it saw)."""

    def __init__(self, model: type[models.Model], names: set[str]):
        self.exclude = [f.name for f in model._meta.fields if f.name not in names]
        self.fields = []
        for name in sorted(names):
            f = model._meta.get_field(name)
            # Anything beyond a maximum length (a validator, choices) is checked per value.
            per_value = f.choices is not None or any(
                not isinstance(v, MaxLengthValidator) for v in f.validators
            )
            self.fields.append((f, f.attname, f.max_length, f.blank, per_value))
        self._valid: dict[tuple[str, str], bool] = {}

    def clean(self, obj: models.Model) -> None:
        """Raise ValidationError (from clean_fields, with its messages) when a field fails."""
        values = obj.__dict__
        for f, attname, max_length, blank, per_value in self.fields:
            value = values[attname]
            if not isinstance(value, str):
                break
            if not value:
                if blank:
                    continue
                break
            if max_length is not None and len(value) > max_length:
                break
            if per_value and not self._passes(f, obj, value):
                break
        else:
            return
        obj.clean_fields(exclude=self.exclude)

    def _passes(self, f: models.Field, obj: models.Model, value: str) -> bool:
        key = (f.attname, value)
        passes = self._valid.get(key)
        if passes is None:
            try:
                f.clean(value, obj)
                passes = True
            except ValidationError:
                passes = False
            self._valid[key] = passes
        return passes
