from datetime import datetime, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from digiketen.core import forms as core_forms
from digiketen.directory.models import Service
from digiketen.helpdesk import selectors
from digiketen.helpdesk.models import (
    AgeBand,
    Agency,
    Appointment,
    Channel,
    ConfirmBy,
    HelpContact,
    Helped,
    Outcome,
    Purpose,
    QuestionType,
    SurveyAnswer,
    Theme,
    VisitorKind,
)
from digiketen.organisations.models import Organisation


class VisitForm(forms.ModelForm):
    """The visit itself; its questions come from QuestionFormSet on the same page."""

    opened = forms.CharField(widget=forms.HiddenInput, required=False)
    minutes = forms.IntegerField(
        label=_("Duur in minuten"),
        required=False,
        min_value=1,
        max_value=480,
        help_text=_("Leeg laten: de tijd sinds u dit formulier opende."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = HelpContact
        fields = [
            "location",
            "channel",
            "question_type",
            "minutes",
            "follow_up",
            "referred_to",
            "referred_service",
            "age_band",
            "visitor_kind",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "question_type": forms.RadioSelect,
            "visitor_kind": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A correction keeps values that were switched off since, instead of losing them.
        # (Only a correction has such values; a new visit's querysets stay simple to build.)
        instance = self.instance
        locations = selectors.register_locations(user=user)
        if instance.location_id is not None:
            locations |= selectors.register_locations(user=user, active_only=False).filter(
                pk=instance.location_id
            )
        self.fields["location"].queryset = locations
        self.fields["location"].empty_label = None
        self.fields["channel"].choices = Channel.choices
        self.fields["question_type"].choices = QuestionType.choices
        self.fields["visitor_kind"].choices = VisitorKind.choices
        self.fields["age_band"].choices = AgeBand.choices
        self.fields["referred_to"].queryset = Organisation.objects.filter(
            _active_or(Q(is_active=True), instance.referred_to_id)
        )
        self.fields["referred_to"].label = _("Doorverwezen naar een partner")
        self.fields["referred_service"].queryset = Service.objects.filter(
            _active_or(
                Q(is_active=True, organisation__is_active=True), instance.referred_service_id
            )
        ).order_by("name")
        self.fields["referred_service"].label = _("Doorverwezen naar hulp uit de zoeker")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("opened", timezone.now().isoformat())
            # The most common visit needs no choice here.
            self.initial.setdefault("channel", Channel.WALK_IN)
            self.initial.setdefault("question_type", QuestionType.GOVERNMENT)
            if last := selectors.last_location(user=user):
                self.initial.setdefault("location", last)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("minutes"):
            # The timer: the minutes since the form was opened.
            try:
                opened = datetime.fromisoformat(cleaned.get("opened") or "")
            except ValueError:
                opened = None
            if opened is None or opened.tzinfo is None:
                self.add_error("minutes", _("Vul in hoe lang het bezoek duurde."))
            else:
                elapsed = (timezone.now() - opened).total_seconds() / 60
                # Capped: a form left open over lunch is not a four-hour visit.
                cleaned["minutes"] = min(TIMER_CAP_MINUTES, max(1, round(elapsed)))
        if self.instance.pk is None and cleaned.get("minutes"):
            cleaned["started_at"] = timezone.now() - timedelta(minutes=cleaned["minutes"])
        return cleaned

    def _post_clean(self):
        """No model validation: the service saves from cleaned_data, not from this form, and
        the fields have checked it all already (each chosen object came from the field's
        queryset, the minutes between the model's bounds). Model validation would read each
        chosen object and the minutes' check constraint from the database again."""


TIMER_CAP_MINUTES = 120


def _active_or(active: Q, pk: int | None) -> Q:
    return active if pk is None else active | Q(pk=pk)


class QuestionForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Vaste vraag"), queryset=None, required=False, empty_label=_("Geen")
    )
    theme = core_forms.ListedChoiceField(
        label=_("Thema"), required=False, empty_label=_("Kies een thema")
    )
    # The outcome is a radio group: Enter in a radio button saves the visit (Enter in a select
    # does nothing), and the five tasks and "not solved" fit on one screen.
    outcome = core_forms.ListedChoiceField(
        label=_("Uitkomst"),
        to_field_name="code",
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    # Tick boxes, not a multiple select that needs Ctrl and a mouse.
    agencies = core_forms.ListedMultipleChoiceField(
        label=_("Instanties"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, shared: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A correction keeps a theme, agency or outcome that was switched off since.
        theme = getattr(self.initial.get("theme"), "pk", None)
        agencies = tuple(a.pk for a in self.initial.get("agencies") or [])
        outcome = getattr(self.initial.get("outcome"), "pk", None)
        # The forms of one formset share their choices (`shared`, one dict per page): three
        # questions offer the same, built once. The code lists come from the process's copy
        # (selectors.code_list), so only the user's fixed questions are read.
        key = (theme, agencies, outcome)
        if shared is None or key not in shared:
            choices = {
                "template": selectors.templates_for(user=user),
                "theme": _offered(Theme, {theme}),
                "agencies": _offered(Agency, set(agencies)),
                "outcome": _offered(Outcome, {outcome}),
            }
            if shared is None:
                shared = {}
            shared[key] = choices
        self.fields["template"].queryset = shared[key]["template"]
        for name in ("theme", "agencies", "outcome"):
            self.fields[name].offer(shared[key][name])
        core_forms.needed_after_answers(self, "theme", "outcome")

    def has_content(self) -> bool:
        """Filled in (sent, or kept from the registration being corrected), or in error: the
        page shows it open instead of behind "Nog een vraag"."""
        return bool(self.errors) or any(
            self[name].value() for name in ("template", "theme", "agencies", "outcome")
        )

    def agencies_open(self) -> bool:
        return bool(self["agencies"].value() or self["agencies"].errors)

    def clean(self):
        cleaned = super().clean()
        template = cleaned.get("template")
        if template is not None:
            cleaned.setdefault("theme", None)
            cleaned["theme"] = cleaned.get("theme") or template.theme
            cleaned["outcome"] = cleaned.get("outcome") or template.outcome
            if not cleaned.get("agencies"):
                cleaned["agencies"] = list(template.agencies.all())
        filled = cleaned.get("theme") or cleaned.get("outcome") or cleaned.get("agencies")
        if filled:
            core_forms.ask_for(self, "theme", _("Kies het thema van de vraag."))
            core_forms.ask_for(self, "outcome", _("Kies de uitkomst van de vraag."))
        cleaned["filled"] = bool(filled)
        return cleaned


def _offered(model, keep: set) -> list:
    return [item for item in selectors.code_list(model) if item.is_active or item.pk in keep]


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(form.cleaned_data.get("filled") for form in self.forms if form.is_valid()):
            raise forms.ValidationError(_("Vul minstens één vraag in."))

    def questions(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("filled")]

    def shown(self) -> int:
        """How many questions the page shows open: the first, and up to the last filled one.
        The others wait behind "Nog een vraag", so a keyboard user does not tab through them."""
        filled = [n for n, form in enumerate(self.forms, start=1) if form.has_content()]
        return max([1, *filled])


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=3, max_num=6, validate_max=True
)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Naam van de vaste vraag"), max_length=100)
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=None)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Instanties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.ModelChoiceField(
        label=_("Uitkomst"), queryset=None, to_field_name="code", empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = selectors.active_themes()
        self.fields["agencies"].queryset = selectors.active_agencies()
        self.fields["outcome"].queryset = selectors.active_outcomes()


def _yes_no(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", _("Ja")), ("no", _("Nee"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


MARKS = range(1, 11)


class SurveyForm(forms.ModelForm):
    """The survey, online and typed in from the paper slip: each question asks one thing."""

    class Meta:
        model = SurveyAnswer
        fields = ["helped", "mark", "would_return", "would_recommend", "comment"]
        widgets = {
            "helped": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helped"].choices = Helped.choices
        self.fields["mark"] = forms.TypedChoiceField(
            label=_("Welk cijfer geeft u ons?"),
            help_text=_("1 is heel slecht, 10 is heel goed."),
            choices=[(n, str(n)) for n in MARKS],
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "dk-marks"}),
        )
        self.fields["would_return"] = _yes_no(_("Zou u nog eens bij ons komen?"))
        self.fields["would_recommend"] = _yes_no(_("Zou u ons aanraden aan anderen?"))
        self.fields["comment"].required = False


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Uw code"),
        help_text=_("De code staat op het briefje dat u kreeg. Bijvoorbeeld K7M2QX."),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "")
        if not code.isalnum() or not code.isascii():
            raise forms.ValidationError(_("Een code heeft alleen letters en cijfers."))
        return code


class PaperCodeForm(CodeForm):
    """Staff find the visit of a paper slip that came back by the code printed on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code op het briefje")
        self.fields["code"].help_text = _(
            "Het briefje met antwoorden op papier. Bijvoorbeeld K7M2QX."
        )


PERIODS = [("week", _("Week")), ("month", _("Maand")), ("year", _("Jaar"))]


class FiguresForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Locatie"), queryset=None, required=False, empty_label=_("Alle locaties")
    )
    period = forms.ChoiceField(label=_("Periode"), choices=PERIODS, initial="month")
    day = forms.DateField(
        label=_("Met de dag"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = selectors.figure_locations(user=user)


class YearForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Locatie"), queryset=None, required=False, empty_label=_("Alle locaties")
    )
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = selectors.figure_locations(user=user)


ThemeFormSet = forms.modelformset_factory(
    Theme, fields=["name", "name_en", "order", "is_active"], extra=1
)
AgencyFormSet = forms.modelformset_factory(
    Agency, fields=["name", "name_en", "order", "is_active"], extra=1
)
# The outcomes are fixed by the five tasks of a help point: names only, none added.
OutcomeFormSet = forms.modelformset_factory(
    Outcome, fields=["name", "name_en", "order", "is_active"], extra=0
)


class SlotSeriesForm(core_forms.SlotSeriesForm):
    location = forms.ModelChoiceField(label=_("Locatie"), queryset=None, empty_label=None)
    helper = forms.ModelChoiceField(label=_("Medewerker"), queryset=None, empty_label=None)
    field_order = ["location", "helper", "day", "first", "last", "minutes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = selectors.register_locations(user=user)
        self.fields["helper"].queryset = selectors.helpers_at(user=user)
        self.fields["helper"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["minutes"].initial = 30
        self.initial.setdefault("helper", user.pk)


class AppointmentForm(forms.ModelForm):
    slot = forms.ModelChoiceField(label=_("Tijd"), queryset=None, empty_label=None)

    class Meta:
        model = Appointment
        fields = ["slot", "theme", "visitor_name", "confirm_by", "phone", "email"]
        widgets = {"confirm_by": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = selectors.open_slots(user=user)
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{slot} — {slot.location.name}, {slot.helper.get_full_name() or slot.helper.username}"
        )
        self.fields["theme"].queryset = selectors.active_themes()
        self.fields["confirm_by"].choices = ConfirmBy.choices
        self.fields["visitor_name"].help_text = _(
            "Alleen als het nodig is voor de afspraak. Wordt na de afspraak gewist."
        )
        core_forms.needed_after_answers(self, "phone", "email")
        self.fields["phone"].help_text = _("Nodig voor een SMS. Wordt na de afspraak gewist.")
        self.fields["email"].help_text = _("Nodig voor een e-mail. Wordt na de afspraak gewist.")

    def clean(self):
        return _contact_checked(self, super().clean())


def _contact_checked(form, cleaned: dict) -> dict:
    """The phone or e-mail address the chosen confirmation needs."""
    from digiketen.core import sms

    confirm_by = cleaned.get("confirm_by")
    if confirm_by == ConfirmBy.SMS and "phone" not in form.errors:
        try:
            cleaned["phone"] = sms.international_number(cleaned.get("phone", ""))
        except sms.SMSError:
            form.add_error("phone", _("Vul een mobiel nummer in, zoals 06 12345678."))
    if confirm_by == ConfirmBy.EMAIL:
        core_forms.ask_for(form, "email", _("Vul het e-mailadres in."))
    return cleaned


class PublicBookingForm(forms.Form):
    """A resident books an appointment at /afspraak (help point or eligibility check): a time
    of the chosen day, a name the helper can call out, and how to receive the appointment."""

    time = forms.ChoiceField(
        label=_("Hoe laat?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een tijd."),
            "invalid_choice": _(
                "Deze tijd is net door iemand anders gekozen. Kies een andere tijd."
            ),
        },
    )
    visitor_name = forms.CharField(
        label=_("Uw naam"),
        max_length=100,
        help_text=_("Zo weet de medewerker wie u is. Wij wissen uw naam na de afspraak."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    theme = forms.ModelChoiceField(
        label=_("Waar gaat uw vraag over?"),
        queryset=None,
        required=False,
        empty_label=_("Weet ik niet"),
    )
    confirm_by = forms.ChoiceField(
        label=_("Hoe wilt u de afspraak krijgen?"),
        choices=[
            (ConfirmBy.SMS, _("Met een SMS")),
            (ConfirmBy.EMAIL, _("Met een e-mail")),
            (ConfirmBy.SLIP, _("Ik schrijf het zelf op")),
        ],
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Mobiel nummer"),
        required=False,
        max_length=20,
        help_text=_("Nodig voor een SMS, zoals 06 12345678. Wij wissen het na de afspraak."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Nodig voor een e-mail. Wij wissen het na de afspraak."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, times, purpose=Purpose.HELP, **kwargs):
        super().__init__(*args, **kwargs)
        self.times = {start.isoformat(): start for start, _end in times}
        self.fields["time"].choices = [
            (start.isoformat(), f"{localtime(start):%H:%M}–{localtime(end):%H:%M}")
            for start, end in times
        ]
        if purpose == Purpose.HELP:
            self.fields["theme"].queryset = selectors.active_themes()
        else:
            del self.fields["theme"]  # an eligibility check has one subject
        core_forms.needed_after_answers(self, "phone", "email")

    def clean_time(self):
        return self.times[self.cleaned_data["time"]]

    def clean(self):
        return _contact_checked(self, super().clean())
