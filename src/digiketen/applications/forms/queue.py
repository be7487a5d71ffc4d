from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.applications import selectors
from digiketen.applications.fingerprints import pass_hash
from digiketen.applications.models import (
    DistributionPolicy,
    Route,
)
from digiketen.core import forms as core_forms
from digiketen.organisations.models import Organisation

DECISIONS = [("yes", _("Komt in aanmerking")), ("no", _("Komt niet in aanmerking"))]


class EligibilityForm(forms.Form):
    decision = forms.ChoiceField(label=_("Besluit"), choices=DECISIONS, widget=forms.RadioSelect)
    route = forms.ChoiceField(
        label=_("Gecontroleerd bewijs"),
        choices=Route.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    pass_number = forms.CharField(
        label=_("Pasnummer"),
        required=False,
        max_length=30,
        help_text=_(
            "Wordt niet bewaard. Wij bewaren alleen een versleutelde vingerafdruk, "
            "om dubbele aanvragen te herkennen."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    pass_valid_until = forms.DateField(
        label=_("Pas geldig tot"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    income_seen = forms.BooleanField(
        label=_("Ik heb de inkomensverklaring gezien (niet kopiëren of bewaren)."), required=False
    )
    referred_by = forms.ModelChoiceField(
        label=_("Doorverwezen door"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("Voorrangsgroep"), queryset=None, required=False, empty_label=_("Geen voorrang")
    )
    household_note = forms.CharField(
        label=_("Alleen bij een mogelijk dubbel huishouden: waarom toch toekennen?"),
        required=False,
        max_length=300,
    )
    reason = forms.CharField(
        label=_("Reden van afwijzen (de inwoner leest dit)"), required=False, max_length=300
    )

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.application, self.user = application, user
        self.duplicates = selectors.possible_duplicates(application, user=user)
        self.fields["category"].queryset = selectors.active_categories()
        self.policy = DistributionPolicy.current()
        self.fields["pass_number"].label = _("Nummer %(pass)s") % {"pass": self.policy.pass_name}
        self.fields["pass_number"].help_text = _(
            "Ziet eruit als %(example)s. Wordt niet bewaard: wij bewaren alleen een versleutelde "
            "vingerafdruk, om dubbele aanvragen te herkennen."
        ) % {"example": self.policy.pass_number_example}
        core_forms.needed_after_answers(
            self,
            "route",
            "pass_number",
            "pass_valid_until",
            "income_seen",
            "referred_by",
            "household_note",
            "reason",
        )

    def clean(self):
        from digiketen.applications.services import route_problems

        cleaned = super().clean()
        if cleaned.get("decision") == "no":
            core_forms.ask_for(self, "reason", _("Schrijf op waarom de aanvraag wordt afgewezen."))
            return cleaned
        problems = route_problems(
            self.policy,
            route=cleaned.get("route"),
            pass_number=cleaned.get("pass_number", ""),
            pass_valid_until=cleaned.get("pass_valid_until"),
            income_seen=cleaned.get("income_seen", False),
            referred_by=cleaned.get("referred_by"),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        if cleaned.get("route") == Route.PASS and not problems:
            # The same pass may have been used before, at another address.
            self.duplicates = selectors.possible_duplicates(
                self.application, pass_hash(cleaned["pass_number"]), user=self.user
            )
        if self.duplicates:
            core_forms.ask_for(self, "household_note", _("Schrijf op waarom u toch toekent."))
        return cleaned


class MoveUpForm(forms.Form):
    position = forms.IntegerField(label=_("Naar plaats"), min_value=1)
    reason = forms.CharField(label=_("Reden"), max_length=300)


class ReserveForm(forms.Form):
    device = forms.ModelChoiceField(
        label=_("Apparaat"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    reason = forms.CharField(
        label=_("Waarom gaat deze aanvraag voor wie eerder op de lijst staat?"),
        max_length=300,
        help_text=_("Bijvoorbeeld: alleen deze laptop past bij wat de inwoner nodig heeft."),
    )

    def __init__(self, *args, devices=(), need=None, place: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        if place <= 1:
            del self.fields["reason"]
        from django.db.models import Case, When

        from digiketen.inventory.models import Device

        # In the order given: the devices that suit the resident first, as the page says.
        order = Case(*(When(pk=d.pk, then=n) for n, d in enumerate(devices)), default=len(devices))
        self.fields["device"].queryset = Device.objects.filter(
            pk__in=[d.pk for d in devices]
        ).order_by(order)
        self.fields["device"].label_from_instance = lambda device: _device_label(device, need)


def _device_label(device, need=None) -> str:
    parts = [device.asset_tag, f"{device.brand} {device.model}".strip()]
    if device.ram_mb:
        parts.append(f"{device.ram_mb // 1024} GB")
    if device.screen_inch:
        parts.append(f'{device.screen_inch}"')
    if device.has_webcam:
        parts.append(str(_("webcam")))
    if device.grade:
        parts.append(str(_("uiterlijk %(grade)s") % {"grade": device.grade}))
    label = ", ".join(p for p in parts if p)
    lacking = selectors.shortfalls(device, need) if need is not None else []
    if lacking:
        label += " — " + str(_("past niet: %(lacking)s") % {"lacking": ", ".join(lacking)})
    return label
