"""Forms of the buddy pages; they check input, the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digiketen.learning.models import (
    BuddyLanguage,
    BuddyRequest,
    BuddyTopic,
    DayPart,
    DeclineReason,
    EndReason,
    Meeting,
    MeetingBy,
    Volunteer,
)
from digiketen.learning.services.buddies import REQUEST_FIELDS
from digiketen.organisations.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organisations(form, user, organisation_ids):
    """The organisation field: only the user's own; hidden choice when there is one."""
    queryset = Organisation.objects.filter(is_active=True)
    if organisation_ids is not None:
        queryset = queryset.filter(pk__in=organisation_ids)
    form.fields["organisation"] = forms.ModelChoiceField(
        queryset=queryset, label=_("Organisatie"), empty_label=None
    )


class VolunteerForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Talen"), choices=BuddyLanguage.choices, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("Wanneer kan de vrijwilliger?"),
        choices=DayPart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Waar kan de vrijwilliger mee helpen?"),
        queryset=BuddyTopic.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Volunteer
        fields = [
            "name",
            "email",
            "phone",
            "postcode",
            "neighbourhood",
            "languages",
            "availability",
            "home_visits",
            "topics",
            "intake_on",
            "agreement_signed_on",
            "is_active",
        ]
        widgets = {"intake_on": DATE, "agreement_signed_on": DATE}

    def __init__(self, *args, user=None, organisation_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            _organisations(self, user, organisation_ids)
            self.order_fields(["organisation"])


class VogForm(forms.Form):
    requested_on = forms.DateField(label=_("VOG aangevraagd op"), required=False, widget=DATE)
    received_on = forms.DateField(
        label=_("VOG ontvangen: datum op de VOG"), required=False, widget=DATE
    )


class RequestForm(forms.ModelForm):
    availability = forms.MultipleChoiceField(
        label=_("Wanneer kan de inwoner?"),
        choices=DayPart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Niets aangevinkt: de inwoner heeft geen vaste tijden."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Onderwerpen"),
        queryset=BuddyTopic.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = BuddyRequest
        fields = REQUEST_FIELDS  # what create_request saves and audits

    def __init__(self, *args, user=None, organisation_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organisations(self, user, organisation_ids)
        self.order_fields(["organisation"])

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("Vul een telefoonnummer of e-mailadres in."))
        return data


class StepForm(forms.Form):
    """A step of a match; declining and ending need a coded reason."""

    step = forms.CharField(widget=forms.HiddenInput)
    decline_reason = forms.ChoiceField(
        label=_("Reden"), choices=[("", "---------"), *DeclineReason.choices], required=False
    )
    end_reason = forms.ChoiceField(
        label=_("Reden van stoppen"),
        choices=[("", "---------"), *EndReason.choices],
        required=False,
    )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "minutes", "topic", "note", "logged_by"]
        widgets = {"held_on": DATE, "logged_by": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"held_on": timezone.localdate(), "minutes": 60})
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = BuddyTopic.objects.filter(is_active=True)
        self.fields["logged_by"].initial = MeetingBy.COORDINATOR


class PolicyForm(forms.Form):
    vog_validity_years = forms.IntegerField(
        label=_("VOG geldig (jaren)"), min_value=1, max_value=10
    )
    review_months = forms.IntegerField(label=_("Evaluatie na (maanden)"), min_value=1, max_value=60)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Van"), widget=DATE)
    end = forms.DateField(label=_("Tot en met"), widget=DATE)
