from decimal import Decimal

from django import forms


class EuroField(forms.DecimalField):
    """An amount typed in euros, handed to the code in cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 8)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    def clean(self, value):
        if isinstance(value, str):
            value = value.replace(",", ".").replace("€", "").strip()
        amount = super().clean(value)
        return None if amount is None else int(amount * 100)

    def prepare_value(self, value):
        return f"{value / 100:.2f}" if isinstance(value, int) else value


def radio(field: forms.Field, choices) -> None:
    field.choices = list(choices)
    field.widget = forms.RadioSelect(choices=field.choices)
