from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digiketen.inventory.models import (
    Device,
    DeviceType,
    ErasureRecord,
    ImpactFactor,
    RecyclingShipment,
    RefurbishTask,
    Skill,
    StorageMedium,
    WorkLog,
)
from digiketen.inventory.parsers.nwipe import parse_nwipe_log

DETAIL_FIELDS = [
    "type",
    "brand",
    "model",
    "serial",
    "year",
    "locked",
    "condition_notes",
    "grade",
    "cpu_model",
    "cpu_cores",
    "ram_mb",
    "screen_inch",
    "screen_resolution",
    "battery_design_wh",
    "battery_full_wh",
    "battery_cycles",
    "has_webcam",
    "has_wifi",
    "ports",
    "charger_present",
    "keyboard_layout",
    "tpm2",
    "secure_boot",
    "operating_system",
    "os_licence",
]


class IntakeForm(forms.Form):
    hub = forms.ModelChoiceField(queryset=None, label=_("Uitgiftepunt"))
    donation = forms.ModelChoiceField(
        queryset=None,
        label=_("Van welke donatie"),
        required=False,
        help_text=_("Dan ziet de donateur wat er met de apparaten gebeurt."),
    )
    type = forms.ChoiceField(choices=DeviceType.choices, label=_("Soort apparaat"))
    count = forms.IntegerField(
        label=_("Aantal"),
        min_value=1,
        max_value=200,
        initial=1,
        help_text=_(
            "Veel apparaten tegelijk? Maak eerst de inventarisnummers. Vul de gegevens later aan."
        ),
    )
    brand = forms.CharField(label=_("Merk"), max_length=100, required=False)
    model = forms.CharField(label=_("Model"), max_length=150, required=False)
    serial = forms.CharField(label=_("Serienummer"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Bouwjaar"), min_value=1980, max_value=2100, required=False)
    locked = forms.BooleanField(
        label=_("Vergrendeld (BIOS-wachtwoord, Activation Lock, MDM of gestolen)"), required=False
    )

    def __init__(self, *args, hubs, donations, serials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.fields["donation"].queryset = donations
        if serials:  # the donor's list, offered while typing (the page lists them too)
            self.fields["serial"].widget.attrs["list"] = "donor-serials"

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("count") or 1) > 1 and cleaned.get("serial"):
            self.add_error("serial", _("Een serienummer hoort bij één apparaat."))
        return cleaned


class DeviceForm(forms.ModelForm):
    class Meta:
        model = Device
        fields = DETAIL_FIELDS
        widgets = {"condition_notes": forms.Textarea(attrs={"rows": 3})}


class MediumForm(forms.ModelForm):
    class Meta:
        model = StorageMedium
        fields = ["kind", "model", "serial", "capacity_bytes", "smart_passed", "power_on_hours"]


class ErasureForm(forms.ModelForm):
    """Fill in by hand, or upload the nwipe log: what the log says fills the empty fields."""

    nwipe_log = forms.FileField(
        label=_("nwipe-logboek"),
        required=False,
        help_text=_("Het logboek vult programma, rondes, tijden, controle en uitkomst in."),
    )
    LOG_FILLS = ("started_at", "ended_at", "passes", "verification_passed", "outcome", "tool")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LOG_FILLS:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("nwipe_log")
        if upload is not None:
            text = upload.read(2_000_000).decode("utf-8", errors="replace")
            result = parse_nwipe_log(text, tzinfo=timezone.get_current_timezone())
            found = {
                "started_at": result.started_at,
                "ended_at": result.ended_at,
                "passes": result.passes,
                "verification_passed": result.verified,
                "outcome": None
                if result.erased is None
                else ("erased" if result.erased else "not_erased"),
                "tool": f"nwipe ({result.method_name})" if result.method_name else "nwipe",
            }
            for name, value in found.items():
                if value is not None and cleaned.get(name) in (None, "", False):
                    cleaned[name] = value
            if result.version and not cleaned.get("tool_version"):
                cleaned["tool_version"] = result.version
            if result.verified is not None and not cleaned.get("verification_method"):
                cleaned["verification_method"] = "nwipe: controle na het wissen"
            cleaned["evidence"] = cleaned.get("evidence") or text
        for name in ("started_at", "ended_at", "outcome"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Vul dit in, of upload het nwipe-logboek."))
        if cleaned.get("passes") is None:
            cleaned["passes"] = 1
        cleaned["verification_passed"] = bool(cleaned.get("verification_passed"))
        return cleaned

    class Meta:
        model = ErasureRecord
        fields = [
            "level",
            "method",
            "tool",
            "tool_version",
            "started_at",
            "ended_at",
            "passes",
            "verification_method",
            "verification_passed",
            "outcome",
            "evidence",
        ]
        widgets = {
            "started_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ended_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "evidence": forms.Textarea(attrs={"rows": 4}),
        }


class TransitionForm(forms.Form):
    to_state = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reden"), max_length=300, required=False)


class WorkLogForm(forms.ModelForm):
    class Meta:
        model = WorkLog
        fields = ["task", "minutes", "parts_used", "notes"]

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = RefurbishTask.objects.filter(
            organisation=device.organisation_id, device_type=device.type, is_active=True
        )
        self.fields["minutes"].widget.attrs.update({"min": 1, "max": 600, "inputmode": "numeric"})


class TransferForm(forms.Form):
    to_hub = forms.ModelChoiceField(queryset=None, label=_("Naar uitgiftepunt"))

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_hub"].queryset = hubs


class ShipmentForm(forms.ModelForm):
    devices = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Apparaten"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Apparaten die gebruikt zijn voor onderdelen."),
    )

    class Meta:
        model = RecyclingShipment
        fields = ["recycler", "weight_kg", "weee_certificate", "shipped_on"]
        widgets = {"shipped_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["devices"].queryset = devices


ImpactFactorFormSet = forms.modelformset_factory(
    ImpactFactor,
    fields=["device_type", "ewaste_kg", "co2_kg", "source", "source_en"],
    extra=0,
    can_delete=False,
)


class CyberbankListFormSet(forms.BaseModelFormSet):
    """One cyberbank's own list: its items only, and new items get it as their owner."""

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        kwargs["queryset"] = self.model.objects.filter(organisation=organisation)
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.organisation = self.organisation
        return form

    def _existing_object(self, pk):
        item = super()._existing_object(pk)
        if item is None:
            # A posted id outside this cyberbank's list (another cyberbank's item): the same
            # answer as for any object outside the user's scope.
            raise Http404
        return item


class CyberbankListItemForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # The owner is set by the formset, not typed in. Left excluded, Django would skip the
        # per-cyberbank unique constraints and a double name would reach the database.
        return super()._get_validation_exclusions() - {"organisation"}


RefurbishTaskFormSet = forms.modelformset_factory(
    RefurbishTask,
    form=CyberbankListItemForm,
    formset=CyberbankListFormSet,
    fields=["device_type", "name", "name_en", "order", "is_active"],
    extra=2,
    can_delete=False,
)
SkillFormSet = forms.modelformset_factory(
    Skill,
    form=CyberbankListItemForm,
    formset=CyberbankListFormSet,
    fields=["name", "name_en", "order"],
    extra=2,
    can_delete=False,
)
