from django.db import models
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import NamedInTwoLanguages


class HandoutForm(models.TextChoices):
    GIFT = "gift", _("Schenking: de laptop wordt van u")
    LOAN = "loan", _("Bruikleen: u leent de laptop")


class DepositRule(models.TextChoices):
    """What happens to the deposit when a device comes back damaged, incomplete or broken."""

    REFUND = "refund", _("Alles terug")
    KEEP_PART = "keep_part", _("Een deel houden")
    KEEP_ALL = "keep_all", _("Alles houden")


class NoShowAction(models.TextChoices):
    REQUEUE = "requeue", _("Terug op de wachtlijst")
    CLOSE = "close", _("Aanvraag sluiten")


class Signal(models.TextChoices):
    """What a resident told us that can make a priority category apply."""

    NONE = "", _("Alleen door medewerker")
    SCHOOL_CHILDREN = "school_children", _("Kinderen die naar school gaan")
    JOB_SEEKING = "job_seeking", _("Zoekt werk")
    ALONE_75 = "alone_75", _("Woont alleen en is 75 jaar of ouder")


class DistributionPolicy(models.Model):
    """The rules the municipality sets for handing out devices. One row."""

    accept_pass = models.BooleanField(_("stadspas geeft recht"), default=True)
    accept_referral = models.BooleanField(_("doorverwijzing geeft recht"), default=True)
    accept_income = models.BooleanField(_("inkomensverklaring geeft recht"), default=True)
    pass_name = models.CharField(_("naam van de pas"), max_length=50, default="Stadspas")
    pass_number_example = models.CharField(
        _("voorbeeld van een pasnummer"),
        max_length=30,
        default="1234567890",
        help_text=_(
            "Typ een pasnummer zoals het eruitziet. Elk cijfer staat voor een cijfer, elke "
            "letter voor een letter; andere tekens, zoals een streepje, moeten precies zo. "
            "Spaties tellen niet."
        ),
    )
    household_years = models.PositiveSmallIntegerField(
        _("één apparaat per huishouden per zoveel jaar"), default=3
    )
    handout_form = models.CharField(
        _("vorm van uitgifte"), max_length=10, choices=HandoutForm.choices, default="loan"
    )
    deposit_cents = models.PositiveIntegerField(_("statiegeld (centen)"), default=2000)
    refund_years = models.PositiveSmallIntegerField(
        _("statiegeld terug binnen zoveel jaar"), default=3
    )
    # Per condition of a returned device (Condition; a good one always gets it all back).
    deposit_when_damaged = models.CharField(
        _("statiegeld als het apparaat beschadigd is"),
        max_length=10,
        choices=DepositRule.choices,
        default="refund",
    )
    deposit_when_incomplete = models.CharField(
        _("statiegeld als er iets mist (bijvoorbeeld de lader)"),
        max_length=10,
        choices=DepositRule.choices,
        default="refund",
    )
    deposit_when_broken = models.CharField(
        _("statiegeld als het apparaat kapot is"),
        max_length=10,
        choices=DepositRule.choices,
        default="refund",
    )
    deposit_part_kept_cents = models.PositiveIntegerField(
        _("bij 'een deel houden' houden wij (centen)"), default=1000
    )
    default_monthly_capacity = models.PositiveSmallIntegerField(
        _("uitgiftes per maand per uitgiftepunt"), default=150
    )
    no_show_limit = models.PositiveSmallIntegerField(_("na zoveel keer niet gekomen"), default=2)
    no_show_action = models.CharField(
        _("dan"), max_length=10, choices=NoShowAction.choices, default="requeue"
    )
    internet_reminder_days = models.PositiveSmallIntegerField(
        _("herinnering zoveel dagen voor einde internet"), default=30
    )
    invitation_days = models.PositiveSmallIntegerField(
        _("uitnodiging vervalt na zoveel dagen zonder gekozen tijd"), default=14
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("regels voor uitgifte")

    def __str__(self) -> str:
        return str(_("Regels voor uitgifte"))

    @classmethod
    def current(cls) -> "DistributionPolicy":
        return cls.objects.order_by("pk").first() or cls.objects.create()


# The rule for each condition of a returned device (handover.Condition); "good" gets it all back.
DEPOSIT_RULE_FIELDS = {
    "damaged": "deposit_when_damaged",
    "incomplete": "deposit_when_incomplete",
    "broken": "deposit_when_broken",
}

POLICY_FIELDS = [
    "accept_pass",
    "accept_referral",
    "accept_income",
    "pass_name",
    "pass_number_example",
    "household_years",
    "handout_form",
    "deposit_cents",
    "refund_years",
    "deposit_when_damaged",
    "deposit_when_incomplete",
    "deposit_when_broken",
    "deposit_part_kept_cents",
    "default_monthly_capacity",
    "no_show_limit",
    "no_show_action",
    "internet_reminder_days",
    "invitation_days",
]


class PriorityCategory(NamedInTwoLanguages):
    """A group that goes first on the waiting list. A lower rank goes earlier."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    rank = models.PositiveSmallIntegerField(_("volgorde"), default=10)
    signal = models.CharField(_("stel voor bij"), max_length=20, choices=Signal.choices, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("voorrangsgroep")
        verbose_name_plural = _("voorrangsgroepen")
        ordering = ["rank", "name"]


# Everyone without a priority category queues after all categories.
NO_CATEGORY_RANK = 1000
