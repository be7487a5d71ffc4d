from datetime import timedelta
from decimal import Decimal

from django import template
from django.forms import BaseFormSet
from django.utils.formats import number_format

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_or_formsets):
    """A linked summary of every error on the page, for the top of the page."""
    items: list[tuple[str, str]] = []
    for item in forms_or_formsets:
        if isinstance(item, BaseFormSet):
            items += [
                (_first_field_id(item.forms[0]) if item.forms else "", e)
                for e in item.non_form_errors()
            ]
            forms = item.forms
        else:
            forms = [item]
        for form in forms:
            if not form.is_bound:
                continue
            # Its errors are listed here: the form itself shows only those next to a field.
            form.errors_summarised = True
            items += [(_first_field_id(form), e) for e in form.non_field_errors()]
            for field in form.visible_fields():
                items += [
                    (field.id_for_label or field.auto_id, f"{str(field.label).rstrip('.')}: {e}")
                    for e in field.errors
                ]
    return {"errors": items}


def _first_field_id(form) -> str:
    fields = form.visible_fields()
    return fields[0].id_for_label if fields else ""


@register.filter
def euro(cents) -> str:
    """An amount in cents as money: 2000 → '€ 20,00' (the decimal sign follows the language)."""
    if cents in (None, ""):
        return ""
    return f"€ {number_format(Decimal(int(cents)) / 100, 2, force_grouping=True)}"


@register.filter
def days_later(day, days) -> object:
    """The day `days` later (negative: earlier), for day-to-day navigation."""
    return day + timedelta(days=int(days))
