"""Contrast against published figures, and the theme rules against every surface."""

import pytest
from django.core.exceptions import ValidationError

from digiketen.core.colours import CONTENT_SURFACES, contrast_ratio
from digiketen.core.models import SiteConfiguration

# Ratios as published by WebAIM's contrast checker and the WCAG 2.x understanding documents, and
# the 1.43:1 the outside check measured for the default focus colour on the default header.
KNOWN_RATIOS = [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#767676", "#ffffff", 4.54),
    ("#777777", "#ffffff", 4.48),
    ("#808080", "#ffffff", 3.95),
    ("#ff0000", "#ffffff", 4.0),
    ("#0000ff", "#ffffff", 8.59),
    ("#c2410c", "#24578f", 1.43),
]


@pytest.mark.parametrize(("first", "second", "ratio"), KNOWN_RATIOS)
def test_contrast_matches_published_ratios_either_way_round(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.005)
    assert contrast_ratio(second, first) == pytest.approx(ratio, abs=0.005)


def test_the_surfaces_are_the_utrecht_design_token_colours():
    # Written out from @utrecht/design-tokens 5.0.1 (white, blue-90, green-90, yellow-80, red-95).
    assert {s.token: s.colour for s in CONTENT_SURFACES} == {
        "document": "#ffffff",
        "alert-info": "#d6e5f5",
        "alert-ok": "#e6edde",
        "alert-warning": "#ffeb99",
        "alert-error": "#ffe6e6",
    }


def theme_errors(**colours) -> dict[str, list[str]]:
    config = SiteConfiguration(**colours)
    try:
        config.clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_default_theme_passes_on_every_surface():
    assert theme_errors() == {}


def test_focus_colour_readable_on_white_but_not_on_the_light_blue_alert_is_refused():
    # #e05d00 is 3.66:1 on white, which the old white-only rule let through, and 2.86:1 on the
    # light blue alert (#d6e5f5), where a link in the demo login notice takes the focus.
    assert theme_errors(focus_colour="#e05d00") == {
        "focus_colour": [
            "Deze focusrand is op een lichtblauwe melding niet goed te zien. "
            "Kies een donkerdere kleur."
        ]
    }


def test_the_lightest_grey_for_text_on_white_is_too_light_for_links_on_alerts():
    # #767676 is the classic lightest grey at 4.5:1 on white; on #d6e5f5 it is 3.54:1.
    assert theme_errors(link_colour="#767676") == {
        "link_colour": [
            "Links in deze kleur zijn op een lichtblauwe melding niet goed te lezen. "
            "Kies een donkerdere kleur."
        ]
    }


def test_focus_colour_failing_on_white_names_white():
    # #959595 is 2.99:1 on white.
    errors = theme_errors(focus_colour="#959595")
    assert errors["focus_colour"] == [
        "Deze focusrand is op wit niet goed te zien. Kies een donkerdere kleur."
    ]


def test_the_focus_colour_may_equal_the_header_colour():
    # The ring in the header and the footer is white, so a focus colour that is invisible on
    # the header (here the header colour itself) is fine as long as the content shows it.
    assert theme_errors(primary_colour="#24578f", focus_colour="#24578f") == {}


@pytest.mark.parametrize(("primary", "allowed"), [("#767676", True), ("#777777", False)])
def test_primary_colour_needs_white_text_at_4_5_to_1(primary, allowed):
    errors = theme_errors(primary_colour=primary)
    assert ("primary_colour" not in errors) is allowed
