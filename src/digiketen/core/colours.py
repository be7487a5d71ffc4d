"""Colour contrast per WCAG 2.x, and the surfaces the theme colours are shown on, to keep an
administrator's theme readable."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WHITE = "#ffffff"


@dataclass(frozen=True)
class Surface:
    """A background that text, links or a focus ring sit on."""

    token: str  # the Utrecht design token that paints it: --utrecht-<token>-background-color
    colour: str
    name: str | Promise  # read after "op": "op wit", "op een gele waarschuwing"


# The light surfaces of the content area where links and focus rings appear: the page and the
# four kinds of alert (the error summary is an error alert). The values are the Utrecht design
# tokens' own; /thema.css sets the tokens from this list, so what is checked is what is shown.
CONTENT_SURFACES = (
    Surface("document", WHITE, _("wit")),
    Surface("alert-info", "#d6e5f5", _("een lichtblauwe melding")),
    Surface("alert-ok", "#e6edde", _("een lichtgroene melding")),
    Surface("alert-warning", "#ffeb99", _("een gele waarschuwing")),
    Surface("alert-error", "#ffe6e6", _("een lichtrode foutmelding")),
)

# The header, the footer and primary buttons are the primary colour with white text on them.
# Their focus ring is white too (site.css), so 4.5:1 for the text gives the ring its 3:1.
WHITE_TEXT = Surface("", WHITE, _("wit"))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def first_unreadable(colour: str, surfaces: tuple[Surface, ...], minimum: float) -> Surface | None:
    """The first of `surfaces` on which `colour` has less than `minimum` contrast, or None."""
    return next((s for s in surfaces if contrast_ratio(colour, s.colour) < minimum), None)
