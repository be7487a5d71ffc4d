from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.core import forms as core_forms
from digiketen.donations.asset_list import AssetListError, read_asset_list
from digiketen.donations.models import DeviceAge, Donation, DonorKind, Handover
from digiketen.donations.services import DONATION_FIELDS
from digiketen.organisations.models import Location, OrganisationType


class DonationForm(forms.ModelForm):
    asset_list = forms.FileField(
        label=_("Lijst met apparaten (voor organisaties)"),
        required=False,
        help_text=_("Een .csv- of .xlsx-bestand met een kolom 'serienummer' en eventueel 'model'."),
    )

    class Meta:
        model = Donation
        fields = DONATION_FIELDS
        widgets = {
            "donor_kind": forms.RadioSelect,
            "age": forms.RadioSelect,
            "handover": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "pickup_postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Location.objects.filter(
            is_active=True,
            organisation__type=OrganisationType.REFURBISHER,
            organisation__is_active=True,
        ).order_by("name")
        for name, choices in (
            ("donor_kind", DonorKind),
            ("age", DeviceAge),
            ("handover", Handover),
        ):
            # Radio buttons need no empty "choose an option" button.
            self.fields[name].choices = choices.choices
        for name in ("laptops", "desktops", "tablets", "phones"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 500, "inputmode": "numeric"})
        self.asset_items: list[tuple[str, str]] = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("donor_kind") == DonorKind.ORGANISATION:
            core_forms.ask_for(self, "organisation_name", _("Vul de naam van de organisatie in."))
        if cleaned.get("handover") == Handover.DROP_OFF:
            core_forms.ask_for(self, "hub", _("Kies waar u de apparaten brengt."))
        if cleaned.get("handover") == Handover.PICKUP:
            for name in ("pickup_street", "pickup_postcode", "pickup_city"):
                core_forms.ask_for(self, name, _("Vul dit in, dan weten wij waar wij ophalen."))
        upload = cleaned.get("asset_list")
        if upload is not None:
            if upload.size > 2_000_000:
                self.add_error(
                    "asset_list", _("Het bestand is te groot. Het mag hoogstens 2 MB zijn.")
                )
            else:
                try:
                    self.asset_items = read_asset_list(upload.name, upload.read())
                except AssetListError as exc:
                    self.add_error("asset_list", str(exc))
        return cleaned
