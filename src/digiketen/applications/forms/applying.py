from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.applications import selectors
from digiketen.applications.forms.fields import radio
from digiketen.applications.models import (
    ContactChannel,
    DistributionPolicy,
    Purpose,
    Route,
)
from digiketen.core import forms as core_forms
from digiketen.core import sms
from digiketen.directory import geo
from digiketen.organisations.models import Organisation

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
        if cleaned.get("wants") in ("device", "both"):
            core_forms.ask_for(self, "purposes", _("Kies waarvoor u de laptop wilt gebruiken."))
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
        help_text=_("Alleen nodig als u een brief wilt. Alleen de straatnaam, zonder huisnummer."),
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
        if channel == ContactChannel.EMAIL:
            core_forms.ask_for(
                self, "email", _("Vul uw e-mailadres in. Of kies een andere manier.")
            )
        if channel in (ContactChannel.SMS, ContactChannel.PHONE):
            core_forms.ask_for(
                self, "phone", _("Vul uw telefoonnummer in. Of kies een andere manier.")
            )
        if channel == ContactChannel.SMS and cleaned.get("phone"):
            try:
                sms.international_number(cleaned["phone"])
            except sms.SMSError:
                self.add_error(
                    "phone", _("Voor SMS hebben wij een mobiel nummer nodig, zoals 06 12345678.")
                )
        # "Brusselsestraat 7" with house number 7 would print "Brusselsestraat 7 7".
        number, street = cleaned.get("house_number", "").strip(), cleaned.get("street", "")
        if number and street.rstrip().lower().endswith(" " + number.lower()):
            cleaned["street"] = street.rstrip()[: -len(number)].rstrip()
        if channel == ContactChannel.LETTER:
            for name in ("street", "city"):
                core_forms.ask_for(self, name, _("Vul dit in. Dan kunnen wij u een brief sturen."))
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
        radio(
            self.fields["route"],
            [
                (value, labels.get(value, label))
                for value, label in Route.choices
                if accepted[value]
            ],
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("route") == Route.REFERRAL:
            core_forms.ask_for(
                self, "referred_by", _("Kies de organisatie die u heeft doorverwezen.")
            )
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
    ("aanmerking", _("Wie komt in aanmerking?"), QualifyForm),
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
