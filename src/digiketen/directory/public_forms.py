from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.directory import geo
from digiketen.directory.models import SPOKEN_LANGUAGES
from digiketen.organisations.models import AccessibilityFeature, Neighbourhood


class FinderForm(forms.Form):
    """The resident's filters. Every field is optional; wrong input never hides the results."""

    postcode = forms.CharField(
        label=_("Uw postcode"),
        required=False,
        max_length=7,
        help_text=_(
            "Bijvoorbeeld 6211 CN of alleen 6211. Dan ziet u de dichtstbijzijnde plek eerst."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
    )
    wijk = forms.ModelChoiceField(
        label=_("Of kies uw wijk"),
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        empty_label=_("Alle wijken"),
    )
    vandaag = forms.BooleanField(
        label=_("Alleen plekken die vandaag nog open zijn"), required=False
    )
    binnenlopen = forms.BooleanField(label=_("Ik wil zonder afspraak binnenlopen"), required=False)
    taal = forms.ChoiceField(
        label=_("Taal"),
        required=False,
        choices=[("", _("Maakt niet uit")), *SPOKEN_LANGUAGES],
    )
    toegankelijk = forms.ModelMultipleChoiceField(
        label=_("Toegankelijkheid"),
        queryset=AccessibilityFeature.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_postcode(self) -> str | None:
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return None
        postcode = geo.normalise_postcode(text)
        if postcode is None:
            raise forms.ValidationError(
                _("Dit is geen postcode. Een postcode is 4 cijfers en 2 letters, zoals 6211 CN.")
            )
        return postcode


class NeighbourhoodSheetForm(forms.Form):
    """Which wijk the printed overview of all help is for: a postcode, or a wijk chosen."""

    postcode = forms.CharField(
        label=_("Uw postcode"),
        required=False,
        max_length=7,
        help_text=_("Bijvoorbeeld 6217 BD. Dan zoeken wij uw wijk op."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
    )
    wijk = forms.ModelChoiceField(
        label=_("Of kies uw wijk"),
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        empty_label=_("Kies een wijk"),
    )

    def clean_postcode(self) -> str | None:
        return FinderForm.clean_postcode(self)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("postcode") and not data.get("wijk"):
            self.add_error("postcode", _("Vul uw postcode in, of kies uw wijk."))
        return data
