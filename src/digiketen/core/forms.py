from django import forms
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import SiteConfiguration
from digiketen.core.services import SITE_FIELDS

LOGO_MAX_BYTES = 100_000


class SiteConfigurationForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label=_("Nieuw logo"),
        required=False,
        help_text=_("PNG of SVG, hoogstens 100 kB. Het logo staat links in de kopbalk."),
    )
    remove_logo = forms.BooleanField(label=_("Logo weghalen"), required=False)

    class Meta:
        model = SiteConfiguration
        fields = SITE_FIELDS
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "link_colour": forms.TextInput(attrs={"type": "color"}),
            "focus_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload is None:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Het logo is te groot. Het mag hoogstens 100 kB zijn."))
        content = upload.read()
        content_type = logo_content_type(content)
        if content_type is None:
            raise forms.ValidationError(_("Dit bestand is geen PNG of SVG."))
        return content, content_type


def logo_content_type(content: bytes) -> str | None:
    """'image/png' or 'image/svg+xml' judged by the content, not the file name."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    head = content[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "image/svg+xml"
    return None


class SlotSeriesForm(forms.Form):
    """A day of time slots: from the first time until the last, so many minutes each."""

    day = forms.DateField(label=_("Dag"), widget=forms.DateInput(attrs={"type": "date"}))
    first = forms.TimeField(
        label=_("Eerste tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    last = forms.TimeField(
        label=_("Tot"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(
        label=_("Minuten per afspraak"), min_value=5, max_value=240, initial=15
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") and cleaned.get("last") and cleaned["last"] <= cleaned["first"]:
            self.add_error("last", _("De eindtijd moet na de eerste tijd liggen."))
        if cleaned.get("day") and cleaned["day"] < timezone.localdate():
            self.add_error("day", _("Kies vandaag of een dag in de toekomst."))
        return cleaned


def ask_for(form: forms.Form, name: str, message: str) -> None:
    """A field that an earlier answer made necessary, asked for in the form's clean(): only
    when it is empty and has no error of its own, so that an e-mail address that does not look
    right gets that one message, not also "fill in your e-mail address"."""
    if name not in form.errors and form.cleaned_data.get(name) in (None, "", [], False):
        form.add_error(name, message)


def needed_after_answers(form: forms.Form, *names: str) -> None:
    """Fields needed only after some answers: no "(niet verplicht)" next to them; the help
    text says when they are needed, and the form's clean() asks for them then."""
    for name in names:
        if name in form.fields:
            form.fields[name].conditional = True


class ListedChoiceField(forms.ChoiceField):
    """ModelChoiceField's choice of one object, offered from a list (`offer(items)`, usually a
    code list held per process, core.content_cache) instead of a queryset: a form with several
    of these renders its options and checks the answer without a query per field.
    cleaned_data holds the chosen object, as with ModelChoiceField."""

    def __init__(self, *, empty_label="---------", to_field_name="pk", **kwargs):
        self.empty_label = empty_label
        self.to_field_name = to_field_name
        self.items: list = []
        super().__init__(choices=(), **kwargs)

    def offer(self, items: list) -> None:
        self.items = items
        # Called when rendered, so each label follows the language of that request.
        self.choices = self._options

    def _options(self) -> list[tuple[str, str]]:
        empty = [] if self.empty_label is None else [("", self.empty_label)]
        return empty + [(self.key(item), str(item)) for item in self.items]

    def key(self, item) -> str:
        return str(getattr(item, self.to_field_name))

    def prepare_value(self, value):
        return self.key(value) if isinstance(value, Model) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return self._find(value)

    def _find(self, value):
        for item in self.items:
            if self.key(item) == str(value):
                return item
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )

    def validate(self, value):
        forms.Field.validate(self, value)


class ListedMultipleChoiceField(ListedChoiceField):
    """ModelMultipleChoiceField's choice of several objects, offered from a list."""

    default_error_messages = {
        "invalid_list": forms.MultipleChoiceField.default_error_messages["invalid_list"]
    }

    widget = forms.SelectMultiple
    hidden_widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(empty_label=None, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return [ListedChoiceField.prepare_value(self, v) for v in value]
        return super().prepare_value(value)

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        # Each object once, as a queryset would give it, in the order chosen.
        return list(dict.fromkeys(self._find(v) for v in value if v not in self.empty_values))

    def has_changed(self, initial, data):
        initial_keys = {str(key) for key in self.prepare_value(initial or [])}
        return initial_keys != {str(key) for key in (data or [])}
