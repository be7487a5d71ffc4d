"""What a resident agrees to when they get a device: gift or loan, the deposit and when it comes
back. One source for every place that says it (the application steps, the confirmation,
/status, the first message and the finder's laptop service), from the rules in force."""

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from digiketen.applications.models import (
    DEPOSIT_RULE_FIELDS,
    DepositRule,
    DistributionPolicy,
    HandoutForm,
)
from digiketen.core.templatetags.digiketen import euro


@dataclass(frozen=True)
class HandoutTerms:
    is_loan: bool
    deposit_cents: int
    refund_years: int
    keeps_for_damage: bool = False  # a rule keeps (part of) it for a damaged device

    @property
    def ownership(self) -> str:
        if self.is_loan:
            return _("U leent de laptop. De laptop blijft van de cyberbank.")
        return _("U krijgt de laptop. De laptop wordt van u.")

    @property
    def cost(self) -> str:
        if not self.deposit_cents:
            return _("Gratis. U betaalt niets.")
        return _("%(amount)s statiegeld. U betaalt dit als u de laptop ophaalt.") % {
            "amount": euro(self.deposit_cents)
        }

    @property
    def refund(self) -> str:
        if not self.deposit_cents:
            return ""
        return ngettext(
            "Brengt u de laptop binnen %(years)d jaar terug? Dan krijgt u het statiegeld terug.",
            "Brengt u de laptop binnen %(years)d jaar terug? Dan krijgt u het statiegeld terug.",
            self.refund_years,
        ) % {"years": self.refund_years}

    @property
    def damage(self) -> str:
        if not (self.deposit_cents and self.keeps_for_damage):
            return ""
        return _(
            "Is de laptop kapot of mist er iets als u hem terugbrengt? "
            "Dan krijgt u minder of geen statiegeld terug."
        )

    @property
    def sentences(self) -> list[str]:
        return [t for t in (self.ownership, self.cost, self.refund, self.damage) if t]


def current(policy: DistributionPolicy | None = None, *, deposit_cents: int | None = None):
    """The terms in force; `deposit_cents` as promised to one resident where it was fixed."""
    policy = policy or DistributionPolicy.current()
    return HandoutTerms(
        is_loan=policy.handout_form == HandoutForm.LOAN,
        deposit_cents=policy.deposit_cents if deposit_cents is None else deposit_cents,
        refund_years=policy.refund_years,
        keeps_for_damage=any(
            getattr(policy, field) != DepositRule.REFUND for field in DEPOSIT_RULE_FIELDS.values()
        ),
    )


def finder_offer(service, offer):
    """The laptop service in the finder says the same, with the way to apply."""
    terms = current()
    return replace(
        offer,
        is_free=not terms.deposit_cents,
        cost=terms.cost,
        conditions=tuple(t for t in (terms.ownership, terms.refund, terms.damage) if t),
        action_url=reverse("applications:apply"),
        action_label=_("Vraag de laptop online aan"),
        more_actions=_check_action(service),
    )


def _check_action(service) -> tuple[tuple[str, str], ...]:
    """Where one of the service's hubs works by appointment: book the eligibility check."""
    # Read through the finder's prefetch of the service's places, where it has one.
    if not any(place.location.by_appointment for place in service.at_locations.all()):
        return ()
    return ((reverse("helpdesk:book-check"), _("Maak een afspraak om uw pas te laten zien")),)
