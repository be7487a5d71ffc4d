from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.applications import pass_format
from digiketen.applications.forms.fields import EuroField, radio
from digiketen.applications.models import (
    DEPOSIT_RULE_FIELDS,
    POLICY_FIELDS,
    DistributionPolicy,
    InternetProvision,
    PriorityCategory,
)


class InternetForm(forms.ModelForm):
    monthly_cost_cents = EuroField(label=_("Kosten per maand (euro)"))

    class Meta:
        model = InternetProvision
        fields = ["provider", "product", "starts_on", "ends_on", "monthly_cost_cents", "paid_by"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "paid_by": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        radio(self.fields["paid_by"], self.fields["paid_by"].choices[1:])

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] <= cleaned["starts_on"]
        ):
            self.add_error("ends_on", _("Het einde moet na het begin liggen."))
        return cleaned


class PolicyForm(forms.ModelForm):
    deposit_cents = EuroField(label=_("Statiegeld (euro)"))
    deposit_part_kept_cents = EuroField(
        label=_("Bij 'een deel houden' houden wij (euro)"),
        help_text=_("Nooit meer dan het statiegeld zelf."),
    )

    class Meta:
        model = DistributionPolicy
        fields = POLICY_FIELDS
        widgets = dict.fromkeys(
            ("handout_form", "no_show_action", *DEPOSIT_RULE_FIELDS.values()), forms.RadioSelect
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.widgets:
            radio(
                self.fields[name],
                self.fields[name].choices[1:]
                if self.fields[name].choices[0][0] == ""
                else self.fields[name].choices,
            )

    def clean(self):
        cleaned = super().clean()
        if not any(
            cleaned.get(name) for name in ("accept_pass", "accept_referral", "accept_income")
        ):
            raise forms.ValidationError(
                _(
                    "Kies minstens één manier om in aanmerking te komen. "
                    "Anders kan niemand aanvragen."
                )
            )
        return cleaned

    def clean_pass_number_example(self):
        example = self.cleaned_data["pass_number_example"].strip()
        if not pass_format.usable(example):
            raise forms.ValidationError(_("Typ een voorbeeld met cijfers of letters."))
        return example


CategoryFormSet = forms.modelformset_factory(
    PriorityCategory,
    fields=["name", "name_en", "rank", "signal", "is_active"],
    extra=1,
    can_delete=False,
)
