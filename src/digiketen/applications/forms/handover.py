from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.applications.forms.fields import EuroField
from digiketen.applications.models import (
    Condition,
    PaymentMethod,
    SignedOn,
)
from digiketen.core import forms as core_forms


class HandoverForm(forms.Form):
    signed_on = forms.ChoiceField(
        label=_("De inwoner tekent"), choices=SignedOn.choices, widget=forms.RadioSelect
    )
    signed_name = forms.CharField(
        label=_("Naam van de inwoner (getypt door de inwoner)"), required=False, max_length=200
    )
    agreed = forms.BooleanField(
        label=_("Ik heb de afspraken gelezen en ga akkoord."), required=False
    )
    method = forms.ChoiceField(
        label=_("Statiegeld betaald met"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    course_wanted = forms.BooleanField(
        label=_("De inwoner wil graag een basiscursus."), required=False
    )

    def __init__(self, *args, deposit_cents: int, **kwargs):
        super().__init__(*args, **kwargs)
        if not deposit_cents:
            del self.fields["method"]
        core_forms.needed_after_answers(self, "signed_name", "agreed", "method")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signed_on") == SignedOn.SCREEN:
            core_forms.ask_for(self, "signed_name", _("Laat de inwoner de naam typen."))
            core_forms.ask_for(self, "agreed", _("De inwoner moet dit vakje aankruisen."))
        if "method" in self.fields:
            core_forms.ask_for(self, "method", _("Kies hoe het statiegeld is betaald."))
        return cleaned


class ReturnForm(forms.Form):
    condition = forms.ChoiceField(
        label=_("Staat van het apparaat"), choices=Condition.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Opmerking"),
        required=False,
        max_length=300,
        help_text=_(
            "Nodig als wij statiegeld houden: wat mist er of is kapot? De inwoner leest dit."
        ),
    )
    method = forms.ChoiceField(
        label=_("Statiegeld terugbetaald met"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Nodig als de inwoner statiegeld terugkrijgt."),
    )

    def __init__(self, *args, refund_for: dict[str, int], paid_cents: int, **kwargs):
        """`refund_for`: what comes back per condition, by the coordinator's rules;
        `paid_cents`: the deposit that can still come back (0 after the period)."""
        super().__init__(*args, **kwargs)
        self.refund_for, self.paid_cents = refund_for, paid_cents
        if not any(refund_for.values()):
            del self.fields["method"]
        core_forms.needed_after_answers(self, "notes", "method")

    def clean(self):
        cleaned = super().clean()
        refund = self.refund_for.get(cleaned.get("condition"), 0)
        if "method" in self.fields and refund:
            core_forms.ask_for(self, "method", _("Kies hoe het statiegeld wordt terugbetaald."))
        if refund < self.paid_cents:
            core_forms.ask_for(
                self, "notes", _("Schrijf op wat er mist of kapot is. De inwoner leest dit.")
            )
        return cleaned


class CashCountForm(forms.Form):
    """The note is needed only when the count differs (services.record_cash_count asks)."""

    counted = EuroField(
        label=_("Geteld in de kas vandaag (euro)"),
        help_text=_("Ontvangen min terugbetaald, contant."),
        min_value=None,
    )
    note = forms.CharField(
        label=_("Toelichting bij een verschil"),
        required=False,
        max_length=300,
        help_text=_("Nodig als het getelde bedrag afwijkt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        core_forms.needed_after_answers(self, "note")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden (de inwoner leest dit)"), max_length=300)

    def __init__(self, *args, for_resident: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_resident:
            self.fields["reason"].label = _("Reden (alleen voor medewerkers)")
