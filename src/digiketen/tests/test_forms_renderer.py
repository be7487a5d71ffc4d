"""The form renderer writes the field groups and widgets in Python: the HTML must be what the
templates make, character for character, for every kind of field the site uses."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from digiketen.accounts.forms import LoginForm
from digiketen.applications.forms.applying import StatusLookupForm
from digiketen.core.forms import needed_after_answers
from digiketen.core.forms_renderer import FormRenderer, TemplateFormRenderer
from digiketen.directory.public_forms import FinderForm
from digiketen.helpdesk.forms import CodeForm, SurveyForm
from digiketen.tests.factories import LocationFactory, OrganisationFactory, UserFactory


class EveryWidget(forms.Form):
    name = forms.CharField(label='Naam <b>&"', help_text=mark_safe("Zie <a href='#x'>hier</a>"))
    note = forms.CharField(label="Opmerking", required=False, widget=forms.Textarea)
    count = forms.IntegerField(label="Aantal", min_value=1, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(label="Telefoon", required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    opened = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(label="Akkoord", help_text="Vink aan.")
    colour = forms.ChoiceField(
        choices=[("", "Kies"), ("Warm", [("red", "Rood & oranje"), ("yellow", "Geel")]), ("b", 3)]
    )
    sizes = forms.MultipleChoiceField(
        choices=[("s", "Klein"), ("l", "Groot")], widget=forms.SelectMultiple(attrs={"size": 3})
    )
    way = forms.ChoiceField(
        choices=[("walk", "Lopen"), ("bike", '"Fiets"')],
        widget=forms.RadioSelect(attrs={"class": "dk-marks"}),
    )
    extras = forms.MultipleChoiceField(
        choices=[("Binnen", [("wifi", "Wifi"), ("print", "Printen")]), ("coffee", "Koffie")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    odd = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "disabled": False, "data-x": "<&>"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needed_after_answers(self, "phone")


def both(make):
    fast = str(make(FormRenderer()))
    slow = str(make(TemplateFormRenderer()))
    return fast, slow


BOUND = {
    "name": "<script>",
    "note": "regel 1\n<regel 2>",
    "count": "0",
    "email": "geen-adres",
    "colour": "yellow",
    "sizes": ["s", "l"],
    "way": "car",
    "extras": ["print", "coffee"],
    "opened": 'x"y',
}


@pytest.mark.parametrize("data", [None, BOUND, {}], ids=["empty", "with-errors", "all-missing"])
def test_python_widgets_write_what_the_templates_write(data):
    fast, slow = both(lambda renderer: EveryWidget(data, renderer=renderer))
    assert fast == slow
    # The comparison covers what a visitor depends on: errors linked, optional fields marked.
    assert "(niet verplicht)" in fast
    if data == BOUND:
        assert 'id="id_email_error"' in fast
        assert 'aria-describedby="id_way_error"' in fast


def test_fields_each_render_alike():
    fast_form = EveryWidget(BOUND, renderer=FormRenderer())
    slow_form = EveryWidget(BOUND, renderer=TemplateFormRenderer())
    for name in fast_form.fields:
        assert fast_form[name].as_field_group() == slow_form[name].as_field_group(), name
        assert str(fast_form[name]) == str(slow_form[name]), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_class", "data"),
    [
        (FinderForm, None),
        (FinderForm, {"postcode": "12", "toegankelijk": ["nope"]}),
        (SurveyForm, None),
        (SurveyForm, {"mark": "11"}),
        (CodeForm, {"code": "é"}),
        (StatusLookupForm, None),
        (LoginForm, None),
    ],
)
def test_site_forms_render_alike(form_class, data):
    LocationFactory(organisation=OrganisationFactory())
    UserFactory()

    def make(renderer):
        form = form_class(data=data)
        form.renderer = renderer
        return form

    fast, slow = both(make)
    assert fast == slow
