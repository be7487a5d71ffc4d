"""The notes the system writes in a device's history ("Ingenomen", "Ouder dan 5 jaar."), kept
as a code with its values, so the history reads in the language of whoever looks at it. The
Dutch text is stored next to them (DeviceTransition.reason, the audit event): what staff type
themselves has no code and is shown as typed.

A value listed in an entry's `translated` is itself a Dutch text of the catalogue (a label of a
choice, such as a returned device's condition): it is stored in Dutch and translated when shown.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digiketen.core import audit


@dataclass(frozen=True)
class Entry:
    text: str  # a lazy Dutch text with %(name)s placeholders
    translated: frozenset[str] = frozenset()


NOTES: dict[str, Entry] = {
    "received": Entry(_("Ingenomen")),
    "triage_fit": Entry(_("Geschikt om op te knappen.")),
    "triage_locked": Entry(_("Vergrendeld (BIOS-wachtwoord, Activation Lock, MDM of gestolen).")),
    "triage_too_old": Entry(_("Ouder dan %(years)s jaar.")),
    "all_media_erased": Entry(_("Alle opslag is gewist en goedgekeurd.")),
    "for_application": Entry(_("Voor een aanvraag van een inwoner")),
    "to_recycler": Entry(_("Naar recycler %(name)s")),
    "returned": Entry(_("Teruggebracht, staat: %(condition)s"), frozenset({"condition"})),
}


@dataclass(frozen=True)
class Note:
    """A note of the system: `str()` gives it in the active language."""

    code: str
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in NOTES:
            raise ValueError(f"unknown history note {self.code!r}")

    def __str__(self) -> str:
        entry = NOTES[self.code]
        values = {
            name: gettext(value) if name in entry.translated else value
            for name, value in self.params.items()
        }
        return str(entry.text) % values if values else str(entry.text)

    def dutch(self) -> str:
        """The note as it is stored and audited: the same for everyone."""
        with audit.default_language():
            return str(self)


def stored(reason) -> str:
    """What goes in the text column: a note in Dutch, a typed reason as typed."""
    return reason.dutch() if isinstance(reason, Note) else str(reason)


def shown(code: str, params: dict, reason: str) -> str:
    """A history line's note in the active language; an unknown code shows the stored text."""
    if code in NOTES:
        return str(Note(code, params or {}))
    return reason
