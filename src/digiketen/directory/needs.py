"""What a resident can ask for, in their words, and which kinds of service answer it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from digiketen.directory.models import ServiceType as T


@dataclass(frozen=True)
class Need:
    slug: str
    question: str  # what the resident says: "Ik wil hulp met DigiD"
    title: str  # heading of the results: "Hulp met DigiD en de overheid"
    types: tuple[str, ...]


NEEDS = [
    Need(
        "digid",
        _("Ik wil hulp met DigiD of een website van de overheid"),
        _("Hulp met DigiD en de overheid"),
        (T.HELP_POINT,),
    ),
    Need(
        "vraag",
        _("Ik heb een vraag over mijn computer, tablet of telefoon"),
        _("Hulp bij computer, tablet of telefoon"),
        (T.DIGITAL_HELP, T.HELP_POINT, T.PHONE_HELP_LINE),
    ),
    Need("cursus", _("Ik zoek een cursus"), _("Cursussen"), (T.COURSE,)),
    Need(
        "maatje",
        _("Ik wil hulp van een vrijwilliger, ook bij mij thuis"),
        _("Maatjes en hulp aan huis"),
        (T.BUDDY,),
    ),
    Need(
        "laptop",
        _("Ik heb geen laptop"),
        _("Een laptop als u weinig geld heeft"),
        (T.DEVICE_HANDOUT,),
    ),
    Need("wifi", _("Ik zoek gratis wifi"), _("Gratis wifi"), (T.FREE_WIFI,)),
    Need(
        "computer",
        _("Ik wil een computer gebruiken of iets printen"),
        _("Computer gebruiken, printen en scannen"),
        (T.PUBLIC_COMPUTER, T.PRINTING),
    ),
    Need(
        "internet",
        _("Ik wil goedkoop internet thuis"),
        _("Goedkoop internet thuis"),
        (T.HOME_INTERNET,),
    ),
    Need(
        "inleveren",
        _("Ik wil een laptop of telefoon weggeven"),
        _("Laptop of telefoon weggeven"),
        (T.DEVICE_DROPOFF,),
    ),
]
NEEDS_BY_SLUG = {need.slug: need for need in NEEDS}
