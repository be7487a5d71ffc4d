from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digiketen.core import forms as core_forms
from digiketen.donations.asset_list import AssetList, AssetListError, read_asset_list
from digiketen.donations.models import DeviceAge, Donation, DonorKind, Handover
from digiketen.donations.services import DONATION_FIELDS
from digiketen.organisations.models import Location, OrganisationType

DEVICE_COUNTS = ("laptops", "desktops", "tablets", "phones")


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
        for name in DEVICE_COUNTS:
            self.fields[name].widget.attrs.update({"min": 0, "max": 500, "inputmode": "numeric"})
        self.asset_list: AssetList | None = None

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
            self._read_asset_list(upload, cleaned)
        return cleaned

    def _read_asset_list(self, upload, cleaned) -> None:
        """Read the list and check it fits the numbers given; the donor hears what was read
        and chooses the file again when it does not fit (a browser never keeps a file)."""
        if upload.size > 2_000_000:
            self.add_error("asset_list", _("Het bestand is te groot. Het mag hoogstens 2 MB zijn."))
            return
        try:
            self.asset_list = read_asset_list(upload.name, upload.read())
        except AssetListError as exc:
            self.add_error("asset_list", str(exc))
            return
        devices = sum(cleaned.get(name) or 0 for name in DEVICE_COUNTS)
        serials = len(self.asset_list.items)
        if devices and serials != devices:
            read = ngettext(
                "Wij lazen %(serials)d serienummer (kolom '%(column)s'),",
                "Wij lazen %(serials)d serienummers (kolom '%(column)s'),",
                serials,
            ) % {"serials": serials, "column": self.asset_list.serial_column}
            given = ngettext(
                "maar u geeft %(devices)d apparaat.",
                "maar u geeft %(devices)d apparaten.",
                devices,
            ) % {"devices": devices}
            self.add_error(
                "asset_list",
                f"{read} {given} "
                + str(
                    _(
                        "Geef één serienummer per apparaat, of pas de aantallen aan. "
                        "Kies daarna het bestand opnieuw."
                    )
                ),
            )

    @property
    def asset_items(self) -> list[tuple[str, str]]:
        return self.asset_list.items if self.asset_list else []


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom sluit deze donatie?"),
        max_length=300,
        help_text=_("Bijvoorbeeld: dubbel aangemeld, of de donateur ziet ervan af."),
        error_messages={"required": _("Schrijf op waarom deze donatie sluit.")},
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Samenvoegen met"),
        queryset=None,
        help_text=_(
            "De apparaten en serienummers gaan naar de gekozen donatie. "
            "Deze donatie sluit; de link van de donateur gaat naar de gekozen donatie."
        ),
        error_messages={"required": _("Kies de donatie die blijft.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates
        self.fields["into"].label_from_instance = lambda d: (
            _("%(number)s van %(date)s, %(count)s apparaten")
            % {
                "number": d.number,
                "date": date_format(localtime(d.created_at), "j F Y H:i"),
                "count": d.device_count,
            }
        )
