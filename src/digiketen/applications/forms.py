from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.applications import selectors
from digiketen.applications.fingerprints import pass_hash
from digiketen.applications.models import (
    POLICY_FIELDS,
    Condition,
    ContactChannel,
    DistributionPolicy,
    InternetProvision,
    PaymentMethod,
    PriorityCategory,
    Purpose,
    Route,
    SignedOn,
)
from digiketen.core import forms as core_forms
from digiketen.core import sms
from digiketen.directory import geo
from digiketen.organisations.models import Organisation


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


def _radio(field: forms.Field, choices) -> None:
    field.choices = list(choices)
    field.widget = forms.RadioSelect(choices=field.choices)


WANTS = [
    ("device", _("Een laptop")),
    ("internet", _("Internet thuis")),
    ("both", _("Allebei")),
]


class NeedForm(forms.Form):
    wants = forms.ChoiceField(
        label=_("Wat heeft u nodig?"), choices=WANTS, widget=forms.RadioSelect
    )
    purposes = forms.MultipleChoiceField(
        label=_("Waarvoor wilt u de laptop gebruiken?"),
        help_text=_("Nodig als u een laptop vraagt. Kies alles wat past."),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    large_screen = forms.BooleanField(
        label=_("Ik zie slecht. Ik wil graag een groot scherm."), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        core_forms.needed_after_answers(self, "purposes")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants") in ("device", "both") and not cleaned.get("purposes"):
            self.add_error("purposes", _("Kies waarvoor u de laptop wilt gebruiken."))
        return cleaned


class HouseholdForm(forms.Form):
    household_size = forms.IntegerField(
        label=_("Met hoeveel mensen woont u in huis?"),
        help_text=_("Tel uzelf ook mee."),
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    school_children = forms.IntegerField(
        label=_("Hoeveel kinderen in uw huis gaan naar school?"),
        min_value=0,
        max_value=15,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    alone_75 = forms.BooleanField(
        label=_("Ik woon alleen en ben 75 jaar of ouder."), required=False
    )

    def clean(self):
        cleaned = super().clean()
        size, children = cleaned.get("household_size"), cleaned.get("school_children")
        if size and children is not None and children >= size:
            self.add_error(
                "school_children",
                _("Dat zijn meer kinderen dan mensen in huis. Tel uzelf ook mee bij het aantal."),
            )
        if cleaned.get("alone_75") and size and size > 1:
            self.add_error(
                "alone_75",
                _("U woont niet alleen: er wonen %(size)s mensen in huis.") % {"size": size},
            )
        return cleaned


class ContactForm(forms.Form):
    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        help_text=_("Bijvoorbeeld 6211 CN."),
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    house_number = forms.CharField(label=_("Huisnummer"), max_length=10)
    hub = forms.ModelChoiceField(
        label=_("Bij welk uitgiftepunt wilt u langskomen?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    contact_by = forms.ChoiceField(
        label=_("Hoe mogen wij u bereiken?"),
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Nodig als u kiest voor e-mail."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=20,
        help_text=_("Nodig voor SMS of telefoon. Voor SMS: een mobiel nummer, zoals 06 12345678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    street = forms.CharField(
        label=_("Straat"),
        required=False,
        max_length=150,
        help_text=_("Alleen nodig als u een brief wilt."),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    city = forms.CharField(
        label=_("Plaats"),
        required=False,
        max_length=100,
        help_text=_("Alleen nodig als u een brief wilt."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    def __init__(self, *args, hubs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs if hubs is not None else selectors.handout_hubs()
        core_forms.needed_after_answers(self, "email", "phone", "street", "city")

    def clean_postcode(self):
        postcode = geo.normalise_postcode(self.cleaned_data["postcode"].strip())
        if postcode is None or len(postcode) != 6:
            raise forms.ValidationError(_("Vul uw postcode in als 1234 AB."))
        return postcode

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("contact_by")
        if channel == ContactChannel.EMAIL and not cleaned.get("email"):
            self.add_error("email", _("Vul uw e-mailadres in. Of kies een andere manier."))
        if channel in (ContactChannel.SMS, ContactChannel.PHONE) and not cleaned.get("phone"):
            self.add_error("phone", _("Vul uw telefoonnummer in. Of kies een andere manier."))
        elif channel == ContactChannel.SMS:
            try:
                sms.international_number(cleaned["phone"])
            except sms.SMSError:
                self.add_error(
                    "phone", _("Voor SMS hebben wij een mobiel nummer nodig, zoals 06 12345678.")
                )
        if channel == ContactChannel.LETTER:
            for name in ("street", "city"):
                if not cleaned.get(name):
                    self.add_error(name, _("Vul dit in. Dan kunnen wij u een brief sturen."))
        return cleaned


class QualifyForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Hoe komt u in aanmerking?"), choices=Route.choices, widget=forms.RadioSelect
    )
    referred_by = forms.ModelChoiceField(
        label=_("Welke organisatie heeft u doorverwezen?"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("Kies een organisatie"),
        help_text=_("Alleen als een hulpverlener u doorverwees."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = DistributionPolicy.current()
        accepted = {
            Route.PASS: policy.accept_pass,
            Route.REFERRAL: policy.accept_referral,
            Route.INCOME: policy.accept_income,
        }
        labels = {Route.PASS: _("Ik heb een %(pass)s") % {"pass": policy.pass_name}}
        core_forms.needed_after_answers(self, "referred_by")
        _radio(
            self.fields["route"],
            [
                (value, labels.get(value, label))
                for value, label in Route.choices
                if accepted[value]
            ],
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("route") == Route.REFERRAL and not cleaned.get("referred_by"):
            self.add_error("referred_by", _("Kies de organisatie die u heeft doorverwezen."))
        return cleaned


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming. De cyberbank mag mijn gegevens gebruiken voor deze aanvraag."
        ),
        error_messages={
            "required": _("Zonder uw toestemming kunnen wij de aanvraag niet behandelen.")
        },
    )


# The online form, one step per page.
STEPS = [
    ("wat", _("Wat heeft u nodig?"), NeedForm),
    ("huishouden", _("Uw huishouden"), HouseholdForm),
    ("contact", _("Uw gegevens"), ContactForm),
    ("aanmerking", _("Wie kan een laptop krijgen?"), QualifyForm),
    ("versturen", _("Controleren en versturen"), ConsentForm),
]


class DeskApplicationForm(NeedForm, HouseholdForm, ContactForm, QualifyForm):
    """The same questions on one page, for staff at the desk."""

    consent = forms.BooleanField(
        label=_("De inwoner heeft de uitleg over privacy gekregen en geeft toestemming."),
        error_messages={"required": _("Zonder toestemming kan de aanvraag niet worden behandeld.")},
    )


def application_data(cleaned: dict) -> dict:
    """The cleaned answers of the steps, as the fields of an application."""
    data = dict(cleaned)
    wants = data.pop("wants")
    data["wants_device"] = wants in ("device", "both")
    data["wants_internet"] = wants in ("internet", "both")
    if not data["wants_device"]:
        data["purposes"] = []
        data["large_screen"] = False
    data.pop("consent", None)
    if data.get("route") != Route.REFERRAL:
        data["referred_by"] = None
    return data


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Uw aanvraagcode"),
        help_text=_("Deze staat in uw bevestiging, bijvoorbeeld AV-7K3M9Q."),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label=_("Uw postcode"),
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper().replace(" ", "")
        return reference if reference.startswith("AV-") else f"AV-{reference.removeprefix('AV')}"

    def clean_postcode(self):
        return geo.normalise_postcode(self.cleaned_data["postcode"].strip()) or ""


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
            if not cleaned.get("reason"):
                self.add_error("reason", _("Schrijf op waarom de aanvraag wordt afgewezen."))
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
        if self.duplicates and not cleaned.get("household_note"):
            self.add_error("household_note", _("Schrijf op waarom u toch toekent."))
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

    def __init__(self, *args, devices=(), place: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        if place <= 1:
            del self.fields["reason"]
        from digiketen.inventory.models import Device

        self.fields["device"].queryset = Device.objects.filter(pk__in=[d.pk for d in devices])
        self.fields["device"].label_from_instance = _device_label


def _device_label(device) -> str:
    parts = [device.asset_tag, f"{device.brand} {device.model}".strip()]
    if device.ram_mb:
        parts.append(f"{device.ram_mb // 1024} GB")
    if device.screen_inch:
        parts.append(f'{device.screen_inch}"')
    if device.has_webcam:
        parts.append(str(_("webcam")))
    if device.grade:
        parts.append(str(_("uiterlijk %(grade)s") % {"grade": device.grade}))
    return ", ".join(p for p in parts if p)


class SlotChoiceForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Kies een tijd"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        from digiketen.applications.models import PickupSlot

        self.fields["slot"].queryset = PickupSlot.objects.filter(
            pk__in=[s.pk for s in slots]
        ).order_by("starts_at")


class SlotSeriesForm(core_forms.SlotSeriesForm):
    capacity = forms.IntegerField(label=_("Mensen per tijd"), min_value=1, max_value=20, initial=1)


class CapacityForm(forms.Form):
    monthly = forms.IntegerField(label=_("Uitgiftes per maand"), min_value=0, max_value=5000)


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
            if not cleaned.get("signed_name", "").strip():
                self.add_error("signed_name", _("Laat de inwoner de naam typen."))
            if not cleaned.get("agreed"):
                self.add_error("agreed", _("De inwoner moet dit vakje aankruisen."))
        if "method" in self.fields and not cleaned.get("method"):
            self.add_error("method", _("Kies hoe het statiegeld is betaald."))
        return cleaned


class ReturnForm(forms.Form):
    condition = forms.ChoiceField(
        label=_("Staat van het apparaat"), choices=Condition.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("Opmerking"), required=False, max_length=300)
    method = forms.ChoiceField(
        label=_("Statiegeld terugbetaald met"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, refund: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not refund:
            del self.fields["method"]
        core_forms.needed_after_answers(self, "method")

    def clean(self):
        cleaned = super().clean()
        if "method" in self.fields and not cleaned.get("method"):
            self.add_error("method", _("Kies hoe het statiegeld wordt terugbetaald."))
        return cleaned


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
        _radio(self.fields["paid_by"], self.fields["paid_by"].choices[1:])

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] <= cleaned["starts_on"]
        ):
            self.add_error("ends_on", _("Het einde moet na het begin liggen."))
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


class PolicyForm(forms.ModelForm):
    deposit_cents = EuroField(label=_("Statiegeld (euro)"))

    class Meta:
        model = DistributionPolicy
        fields = POLICY_FIELDS
        widgets = {"handout_form": forms.RadioSelect, "no_show_action": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("handout_form", "no_show_action"):
            _radio(
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

    def clean_pass_number_pattern(self):
        import re

        pattern = self.cleaned_data["pass_number_pattern"]
        try:
            re.compile(pattern)
        except re.error as exc:
            raise forms.ValidationError(_("Dit is geen geldige reguliere expressie.")) from exc
        return pattern


CategoryFormSet = forms.modelformset_factory(
    PriorityCategory, fields=["name", "rank", "signal", "is_active"], extra=1, can_delete=False
)
