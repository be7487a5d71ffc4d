from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.directory import importer
from digiketen.directory.models import SPOKEN_LANGUAGES, ScheduleException, Service
from digiketen.directory.services import EXCEPTION_FIELDS, SERVICE_FIELDS


class ServiceForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In welke talen kan een inwoner hier geholpen worden?"),
    )

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.languages.values_list("code", flat=True))
        else:
            self.initial.setdefault("languages", ["nl"])

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name and self.instance.organisation_id:
            clash = Service.objects.filter(
                organisation_id=self.instance.organisation_id, name__iexact=name
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("Deze organisatie heeft al een dienst met deze naam."))
        return cleaned


class NewServiceForm(ServiceForm):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisatie"))
    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.initial["organisation"] = organisations.first()

    def clean(self):
        # The name check needs the organisation, which is chosen on this form.
        if self.cleaned_data.get("organisation"):
            self.instance.organisation = self.cleaned_data["organisation"]
        return super().clean()


class PlaceForm(forms.Form):
    location = forms.ModelChoiceField(queryset=None, label=_("Locatie"))
    note = forms.CharField(
        label=_("Opmerking voor deze plek"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: in de zaal op de eerste verdieping."),
    )

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if locations is None:
            del self.fields["location"]
        else:
            self.fields["location"].queryset = locations


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = ScheduleException
        fields = EXCEPTION_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "opens": forms.TimeInput(attrs={"type": "time"}),
            "closes": forms.TimeInput(attrs={"type": "time"}),
        }


class ImportForm(forms.Form):
    package = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een HSDS-bestand: .json, of een .zip met de CSV-bestanden. "
            "Bevat één regel een fout? Dan wordt niets ingelezen."
        ),
    )

    def clean_package(self):
        """The file must read (the archive safely, every table parsed); its rows are checked
        by the task worker. Keeps the bytes in `self.content`."""
        upload = self.cleaned_data["package"]
        if upload.size > 10_000_000:
            raise forms.ValidationError(_("Het bestand is te groot. Het mag hoogstens 10 MB zijn."))
        content = upload.read()
        try:
            records = importer.read_package(upload.name, content)
        except importer.ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not records:
            raise forms.ValidationError(_("Er staan geen diensten in dit bestand."))
        self.content = content
        return upload
