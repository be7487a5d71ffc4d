"""Residents' applications for a device (and home internet), from eligibility to return.

No BSN and no documents are stored. A municipal pass number is kept only as a keyed hash,
an income statement only as "seen by X on date"."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.applications.fingerprints import address_hash
from digiketen.organisations.models import Location, Organisation, postcode_validator


class Purpose(models.TextChoices):
    SCHOOL = "school", _("School of studie")
    WORK = "work", _("Werk")
    JOB_SEEKING = "job_seeking", _("Werk zoeken")
    CONTACT = "contact", _("Contact met familie en vrienden")
    HEALTH = "health", _("Zorg en gezondheid")
    ADMINISTRATION = "administration", _("Geldzaken en post regelen")


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Telefoon")
    LETTER = "letter", _("Brief")


class Route(models.TextChoices):
    """How a resident qualifies."""

    PASS = "pass", _("Ik heb een stadspas")
    REFERRAL = "referral", _("Een hulpverlener heeft mij doorverwezen")
    INCOME = "income", _("Ik laat zien dat mijn inkomen laag is")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    DESK = "desk", _("Aan de balie")
    REFERRAL = "referral", _("Via een partner")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Ontvangen")
    WAITING = "waiting", _("Op de wachtlijst")
    APPROVED = "approved", _("Toegekend")  # internet only: no device to wait for
    INVITED = "invited", _("Uitgenodigd om op te halen")
    SCHEDULED = "scheduled", _("Afspraak gemaakt")
    HANDED_OUT = "handed_out", _("Opgehaald")
    RETURNED = "returned", _("Teruggebracht")
    REJECTED = "rejected", _("Afgewezen")
    CLOSED = "closed", _("Gesloten")


# A device is bound to an application in these states; never to two at once.
HOLDS_DEVICE = [Status.INVITED, Status.SCHEDULED, Status.HANDED_OUT]


class HandoutForm(models.TextChoices):
    GIFT = "gift", _("Schenking: de laptop wordt van u")
    LOAN = "loan", _("Bruikleen: u leent de laptop")


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
    pass_number_pattern = models.CharField(
        _("vorm van het pasnummer"),
        max_length=100,
        default=r"^\d{10}$",
        help_text=_("Een reguliere expressie, bijvoorbeeld ^\\d{10}$ voor tien cijfers."),
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


POLICY_FIELDS = [
    "accept_pass",
    "accept_referral",
    "accept_income",
    "pass_name",
    "pass_number_pattern",
    "household_years",
    "handout_form",
    "deposit_cents",
    "refund_years",
    "default_monthly_capacity",
    "no_show_limit",
    "no_show_action",
    "internet_reminder_days",
    "invitation_days",
]


class PriorityCategory(models.Model):
    """A group that goes first on the waiting list. A lower rank goes earlier."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    rank = models.PositiveSmallIntegerField(_("volgorde"), default=10)
    signal = models.CharField(_("stel voor bij"), max_length=20, choices=Signal.choices, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("voorrangsgroep")
        verbose_name_plural = _("voorrangsgroepen")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


# Everyone without a priority category queues after all categories.
NO_CATEGORY_RANK = 1000


def new_reference() -> str:
    """A short code a resident can read out: no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "AV-" + "".join(secrets.choice(alphabet) for _n in range(6))


class Application(models.Model):
    reference = models.CharField(_("aanvraagcode"), max_length=12, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", editable=False
    )
    hub = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("waar haalt u de laptop op"),
    )
    channel = models.CharField(_("via"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    language = models.CharField(max_length=5, default="nl")
    # What it is for.
    wants_device = models.BooleanField(_("laptop"), default=True)
    wants_internet = models.BooleanField(_("internet thuis"), default=False)
    purposes = models.JSONField(_("waarvoor"), default=list)
    large_screen = models.BooleanField(_("groot scherm nodig"), default=False)
    # Household.
    household_size = models.PositiveSmallIntegerField(_("aantal mensen in huis"))
    school_children = models.PositiveSmallIntegerField(
        _("kinderen die naar school gaan"), default=0
    )
    alone_75 = models.BooleanField(_("woont alleen en is 75 of ouder"), default=False)
    # Contact.
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    house_number = models.CharField(_("huisnummer"), max_length=10)
    street = models.CharField(_("straat"), max_length=150, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    contact_by = models.CharField(
        _("hoe mogen wij u bereiken"), max_length=10, choices=ContactChannel.choices
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    route = models.CharField(_("hoe komt u in aanmerking"), max_length=10, choices=Route.choices)
    referred_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorverwezen door"),
    )
    consent_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Eligibility, as checked by staff.
    pass_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Keyed hash of postcode + house number: the household rule still works once the
    # address itself is removed (see services.anonymise_expired).
    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    pass_valid_until = models.DateField(_("pas geldig tot"), null=True, blank=True)
    income_seen = models.BooleanField(_("inkomensverklaring gezien"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    household_note = models.CharField(_("besluit over huishouden"), max_length=300, blank=True)
    decision_reason = models.CharField(_("reden"), max_length=300, blank=True)
    # Waiting list: ordered by rank, then by time queued.
    category = models.ForeignKey(
        PriorityCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("voorrangsgroep"),
    )
    queue_rank = models.PositiveSmallIntegerField(default=NO_CATEGORY_RANK)
    queued_at = models.DateTimeField(null=True, blank=True)
    moved_up = models.BooleanField(default=False)
    # Device and pickup.
    device = models.ForeignKey(
        "inventory.Device",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    invitation_token = models.CharField(max_length=43, unique=True, null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    # The deposit named in the invitation: a later change of the rules does not change it.
    deposit_cents = models.PositiveIntegerField(null=True, blank=True)
    slot = models.ForeignKey(
        "PickupSlot", on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    no_shows = models.PositiveSmallIntegerField(_("keer niet gekomen"), default=0)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["hub", "status", "queue_rank", "queued_at"]),
            models.Index(fields=["postcode", "house_number"]),
            models.Index(fields=["organisation", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="application_status_valid"
            ),
            # The last line of defence: one device, one resident.
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(status__in=HOLDS_DEVICE),
                name="application_device_held_once",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=HOLDS_DEVICE) | Q(device__isnull=False),
                name="application_holding_has_device",
            ),
            models.CheckConstraint(
                condition=Q(wants_device=True) | Q(wants_internet=True),
                name="application_wants_something",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference()
        if self.anonymised_at is None:
            self.address_hash = address_hash(self.postcode, self.house_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_purposes_display(self) -> list[str]:
        labels = dict(Purpose.choices)
        return [str(labels[p]) for p in self.purposes if p in labels]


class HubCapacity(models.Model):
    """How many devices a hub hands out per month (else the policy's default)."""

    hub = models.OneToOneField(Location, on_delete=models.CASCADE, related_name="capacity")
    monthly = models.PositiveSmallIntegerField(_("uitgiftes per maand"))

    def __str__(self) -> str:
        return f"{self.hub}: {self.monthly}"


class PickupSlot(models.Model):
    hub = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="pickup_slots")
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    capacity = models.PositiveSmallIntegerField(_("aantal mensen"), default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "starts_at"], name="pickup_slot_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="pickup_slot_ends_later"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="pickup_slot_capacity"),
        ]

    def __str__(self) -> str:
        from django.utils import formats, timezone

        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return (
            f"{formats.date_format(start, 'l j F Y')} "
            f"{formats.time_format(start, 'H:i')}–{formats.time_format(end, 'H:i')}"
        )


class Condition(models.TextChoices):
    GOOD = "good", _("Goed")
    DAMAGED = "damaged", _("Beschadigd")
    INCOMPLETE = "incomplete", _("Niet compleet (bijvoorbeeld lader mist)")
    BROKEN = "broken", _("Kapot")


class SignedOn(models.TextChoices):
    PAPER = "paper", _("Op papier")
    SCREEN = "screen", _("Op het scherm")


class DeviceHandover(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="handover"
    )
    device = models.ForeignKey("inventory.Device", on_delete=models.PROTECT, related_name="+")
    form = models.CharField(_("vorm"), max_length=10, choices=HandoutForm.choices)
    signed_on = models.CharField(_("getekend"), max_length=10, choices=SignedOn.choices)
    signed_name = models.CharField(_("naam zoals getekend"), max_length=200, blank=True)
    deposit_cents = models.PositiveIntegerField(_("statiegeld (centen)"))
    course_wanted = models.BooleanField(_("wil een basiscursus"), default=False)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    handed_at = models.DateTimeField()
    refund_until = models.DateField(_("statiegeld terug tot en met"), null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_condition = models.CharField(
        _("staat bij terugbrengen"), max_length=12, choices=Condition.choices, blank=True
    )
    return_notes = models.CharField(_("opmerking"), max_length=300, blank=True)

    class Meta:
        ordering = ["-handed_at"]

    def __str__(self) -> str:
        return f"{self.application} {self.device}"


class LedgerKind(models.TextChoices):
    PAID = "paid", _("Betaald")
    REFUNDED = "refunded", _("Terugbetaald")
    FORFEITED = "forfeited", _("Vervallen")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Contant")
    CARD = "card", _("Pin")


class DepositEntry(models.Model):
    """One line of the deposit ledger. Amounts are positive; the kind says which way."""

    hub = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="deposit_entries")
    handover = models.ForeignKey(
        DeviceHandover, on_delete=models.PROTECT, related_name="deposit_entries"
    )
    kind = models.CharField(max_length=10, choices=LedgerKind.choices)
    amount_cents = models.PositiveIntegerField()
    method = models.CharField(max_length=5, choices=PaymentMethod.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    business_date = models.DateField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["hub", "business_date"])]
        constraints = [
            models.UniqueConstraint(fields=["handover", "kind"], name="deposit_entry_once"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="deposit_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind="forfeited", method="") | (~Q(kind="forfeited") & ~Q(method="")),
                name="deposit_method_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_cents / 100:.2f}"


class CashCount(models.Model):
    """The daily check of the cash box at a hub: what the ledger says against what was counted."""

    hub = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="cash_counts")
    business_date = models.DateField(_("datum"))
    expected_cents = models.IntegerField()
    counted_cents = models.IntegerField(_("geteld (centen)"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-business_date"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "business_date"], name="cash_count_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.business_date}"

    @property
    def difference_cents(self) -> int:
        return self.counted_cents - self.expected_cents


class PaidBy(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    FUND = "fund", _("Fonds")
    PROVIDER = "provider", _("Aanbieder (sociaal tarief)")
    RESIDENT = "resident", _("Inwoner zelf")


class InternetProvision(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="internet_provisions"
    )
    provider = models.CharField(_("aanbieder"), max_length=100)
    product = models.CharField(_("abonnement"), max_length=150)
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    monthly_cost_cents = models.PositiveIntegerField(_("kosten per maand (centen)"))
    paid_by = models.CharField(_("wie betaalt"), max_length=15, choices=PaidBy.choices)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="internet_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.product}"


class NotificationKind(models.TextChoices):
    RECEIVED = "received", _("Aanvraag ontvangen")
    WAITING = "waiting", _("Op de wachtlijst")
    APPROVED = "approved", _("Toegekend")
    REJECTED = "rejected", _("Afgewezen")
    INVITED = "invited", _("Uitnodiging om op te halen")
    SCHEDULED = "scheduled", _("Afspraak bevestigd")
    REMINDER = "reminder", _("Herinnering afspraak")
    MISSED = "missed", _("Niet gekomen")
    REQUEUED = "requeued", _("Terug op de wachtlijst")
    RELEASED = "released", _("Laptop toch niet beschikbaar")
    CLOSED = "closed", _("Aanvraag gesloten")


class Delivery(models.TextChoices):
    PENDING = "pending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    TO_DO = "to_do", _("Door medewerker te doen")  # a letter to print or a call to make
    DONE = "done", _("Gedaan door medewerker")


class Notification(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    channel = models.CharField(max_length=10, choices=ContactChannel.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["delivery", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} ({self.get_channel_display()})"

    @property
    def audit_organisation(self) -> Organisation:
        return self.application.organisation
