"""Issue 12, point 5: every message a resident can see is our own text. Django's default form
and validation messages are given our own words (framework_locale); this fails when Django
gains a message that we have not written, or when its own translation would still win."""

import gettext
import inspect
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core import validators
from django.utils import translation

OURS = Path(settings.BASE_DIR) / "src" / "digiketen" / "framework_locale"


def default_messages() -> set[str]:
    """The untranslated text of every default error message of Django's form fields and
    validators."""
    found = set()
    with translation.override(None):
        for obj in vars(forms).values():
            if inspect.isclass(obj) and issubclass(obj, forms.Field):
                for cls in obj.__mro__:
                    found |= {str(m) for m in getattr(cls, "default_error_messages", {}).values()}
        for obj in vars(validators).values():
            if inspect.isclass(obj) and isinstance(getattr(obj, "message", None), object):
                message = getattr(obj, "message", None)
                if message is not None and not callable(message):
                    found.add(str(message))
    return {m for m in found if m}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_default_form_message_is_our_own_text(language):
    ours = gettext.GNUTranslations((OURS / language / "LC_MESSAGES" / "django.mo").open("rb"))
    messages = default_messages()
    assert len(messages) > 25  # the walk found Django's messages at all
    missing = sorted(m for m in messages if ours.gettext(m) == m and language == "nl")
    assert not missing, f"write our own text for: {missing}"
    with translation.override(language):
        for message in messages:
            if ours.gettext(message) != message:
                assert translation.gettext(message) == ours.gettext(message), message


def test_a_number_below_the_minimum_gets_our_b1_text():
    class Household(forms.Form):
        size = forms.IntegerField(min_value=1)

    form = Household({"size": "0"})
    with translation.override("nl"):
        assert form.errors["size"] == ["Vul 1 of meer in."]
    form = Household({"size": "0"})
    with translation.override("en"):
        assert form.errors["size"] == ["Enter 1 or more."]
