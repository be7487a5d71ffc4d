"""Forms of the course pages: they check input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import Channel
from digiketen.learning.models import WEEKDAYS, CourseRun, DropoutReason, Enrolment, Programme
from digiketen.learning.services.courses import PROGRAMME_FIELDS, RUN_FIELDS


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS  # what save_programme saves and audits

    def clean(self):
        data = super().clean()
        if not data.get("is_free") and not data.get("cost_cents"):
            self.add_error("cost_cents", _("Kies 'gratis', of vul een bedrag in."))
        return data

    def validate_constraints(self, exclude=None):
        pass  # the service sets the cost of a free course to 0 before saving


class RunForm(forms.ModelForm):
    class Meta:
        model = CourseRun
        fields = RUN_FIELDS  # what save_run saves and audits

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Begint om"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Eindigt om"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["starts"] >= data["ends"]:
            self.add_error("ends", _("De begintijd moet voor de eindtijd liggen."))
        return data


REACH_BY = [
    (Channel.PHONE, _("Bel mij")),
    (Channel.SMS, _("Stuur mij een sms")),
    (Channel.EMAIL, _("Stuur mij een e-mail")),
    (Channel.LETTER, _("Stuur mij een brief")),
]


class SignUpForm(forms.Form):
    """The one sign-up form: public (/cursussen) and at the desk."""

    programme = forms.ModelChoiceField(
        label=_("Welke cursus wilt u doen?"),
        queryset=Programme.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    name = forms.CharField(label=_("Uw naam"), max_length=200)
    reach_by = forms.ChoiceField(
        label=_("Hoe kunnen wij u bereiken?"), choices=REACH_BY, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        help_text=_("Voor bellen of sms."),
    )
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    address = forms.CharField(
        label=_("Adres"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Voor een brief: straat en huisnummer, postcode en plaats."),
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Welke plaatsen passen u?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kiest u niets? Dan is elke plaats goed."),
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Welke dagen passen u?"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kiest u niets? Dan is elke dag goed."),
    )

    def __init__(self, *args, programmes, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["locations"].queryset = locations

    def clean(self):
        data = super().clean()
        needed = {
            Channel.PHONE: "phone",
            Channel.SMS: "phone",
            Channel.EMAIL: "email",
            Channel.LETTER: "address",
        }.get(data.get("reach_by"))
        if needed and not data.get(needed):
            self.add_error(needed, _("Vul dit in, dan kunnen wij u bereiken."))
        return data


class PassOnForm(SignUpForm):
    """The sign-up from a help point visit or a laptop handout: the resident's wish, their
    consent and how to reach them, in one form the helper fills in with them."""

    consent = forms.BooleanField(
        label=_("De inwoner wil een cursus en vindt het goed dat wij de gegevens doorgeven."),
    )


class IntakeForm(forms.ModelForm):
    own_device = forms.TypedChoiceField(
        label=_("Heeft u zelf een laptop of tablet?"),
        choices=[("1", _("Ja")), ("0", _("Nee"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Enrolment
        fields = ["goal", "own_device", "needs_loan_device", "level"]
        labels = {
            "goal": _("Wat wilt u leren?"),
            "needs_loan_device": _("Wilt u een laptop lenen voor de cursus?"),
            "level": _("Wat kunt u al?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].required = True
        self.fields["goal"].widget.attrs["rows"] = 3


class MoveUpForm(forms.Form):
    before = forms.ModelChoiceField(label=_("Zet vóór"), queryset=Enrolment.objects.none())
    reason = forms.CharField(label=_("Waarom eerder aan de beurt?"), max_length=300)

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["before"].queryset = others


class DropOutForm(forms.Form):
    reason = forms.ChoiceField(label=_("Waarom stopt deze persoon?"), choices=DropoutReason.choices)


def clean_attendance(post, participants) -> tuple[set[int], dict[int, str]]:
    """Who was there (checked boxes), and the reason of those who were not."""
    ids = {e.pk for e in participants}
    try:
        present = {int(v) for v in post.getlist("present")} & ids
    except ValueError as exc:
        raise ValidationError(_("Kies uit de lijst.")) from exc
    reasons = {pk: post.get(f"reason-{pk}", "").strip() for pk in ids - present}
    return present, reasons
