from django import forms
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
