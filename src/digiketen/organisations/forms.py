from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.organisations.models import Location, Organisation, Weekday
from digiketen.organisations.services import LOCATION_FIELDS, ORGANISATION_FIELDS


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, may_change_type=True, may_deactivate=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_change_type:
            self.fields["type"].disabled = True
            self.fields["type"].help_text = _("Alleen de regisseur van de gemeente past dit aan.")
        if not may_deactivate:
            self.fields["is_active"].disabled = True
            self.fields["is_active"].help_text = _(
                "U kunt uw eigen organisatie niet uitzetten. Dan kan niemand er meer werken."
            )


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = LOCATION_FIELDS
        widgets = {
            "accessibility_features": forms.CheckboxSelectMultiple,
            "directions": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        clash = Location.objects.filter(
            organisation_id=self.instance.organisation_id, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Deze organisatie heeft al een locatie met deze naam."))
        return name


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Dag"), choices=[("", "—"), *Weekday.choices], coerce=int, required=False
    )
    opens = forms.TimeField(
        label=_("Open vanaf"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes = forms.TimeField(
        label=_("Open tot"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        cleaned = super().clean()
        filled = [cleaned.get(name) not in (None, "") for name in ("weekday", "opens", "closes")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Vul de dag, het begin en het einde in, of laat de regel leeg.")
            )
        if all(filled) and cleaned["opens"] >= cleaned["closes"]:
            raise forms.ValidationError(_("Het einde moet later zijn dan het begin."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        return self.cleaned_data.get("weekday") in (None, "")


class BaseOpeningHoursFormSet(forms.BaseFormSet):
    def periods(self) -> list[dict]:
        return [
            {k: form.cleaned_data[k] for k in ("weekday", "opens", "closes")}
            for form in self.forms
            if not form.is_blank
        ]


OpeningHoursFormSet = forms.formset_factory(
    OpeningHoursForm, formset=BaseOpeningHoursFormSet, extra=3, max_num=28, validate_max=True
)


def opening_hours_initial(location: Location | None) -> list[dict]:
    if location is None:
        return []
    return [
        {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
        for h in location.opening_hours.all()
    ]
