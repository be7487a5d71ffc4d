"""What each kind of appointment needs: who plans and sees its times, and the pages a
resident books it on. One booking mechanism (slots, appointments, /afspraak, the outbox
messages) serves both kinds; only this table differs."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from digiketen.helpdesk.models import Purpose
from digiketen.permissions import Perm


@dataclass(frozen=True)
class Kind:
    perm: Perm  # what staff need on the place to plan, book and see these appointments
    url_names: dict[str, str]  # the public pages: "list", "day", "time"
    not_here: str  # why a colleague's times cannot be planned at this place


KINDS = {
    Purpose.HELP: Kind(
        perm=Perm.REGISTER_HELP,
        url_names={
            "list": "helpdesk:book",
            "day": "helpdesk:book-day",
            "time": "helpdesk:book-time",
        },
        not_here=_("Deze medewerker werkt niet voor het informatiepunt op deze locatie."),
    ),
    Purpose.ELIGIBILITY: Kind(
        perm=Perm.HANDLE_APPLICATIONS,
        url_names={
            "list": "helpdesk:book-check",
            "day": "helpdesk:book-check-day",
            "time": "helpdesk:book-check-time",
        },
        not_here=_("Deze medewerker werkt niet voor dit uitgiftepunt."),
    ),
}


def perm_for(obj) -> Perm:
    """The permission for a slot or an appointment, by its purpose."""
    slot = getattr(obj, "slot", obj)
    return KINDS[slot.purpose].perm
