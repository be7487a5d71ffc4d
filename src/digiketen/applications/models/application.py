import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.applications.fingerprints import address_hash
from digiketen.applications.models.policy import NO_CATEGORY_RANK, PriorityCategory
from digiketen.core.models import WorkflowHistory
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
    # The messages to the resident, in core's outbox (kinds: NotificationKind).
    notifications = GenericRelation(
        "core.Message", content_type_field="about_type", object_id_field="about_id"
    )

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["hub", "status", "queue_rank", "queued_at"]),
            models.Index(fields=["postcode", "house_number"]),
            # The staff list: an organisation's applications, newest first, by status or not.
            models.Index(fields=["organisation", "-created_at", "-id"], name="application_list"),
            models.Index(
                fields=["organisation", "status", "-created_at", "-id"],
                name="application_list_status",
            ),
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


class Step(models.TextChoices):
    """The steps of the application's process (the table is in applications.workflow)."""

    SUBMIT = "submit", _("Aanvraag ingediend")
    APPROVE = "approve", _("Komt in aanmerking, op de wachtlijst")
    APPROVE_INTERNET = "approve_internet", _("Komt in aanmerking voor internet thuis")
    REJECT = "reject", _("Afgewezen")
    MOVE_UP = "move_up", _("Naar voren gehaald op de wachtlijst")
    RESERVE = "reserve", _("Apparaat gereserveerd, uitgenodigd")
    BOOK = "book", _("Ophaaltijd gekozen")
    REMIND = "remind", _("Herinnering gestuurd")
    MISS = "miss", _("Niet gekomen, opnieuw uitgenodigd")
    REQUEUE = "requeue", _("Te vaak niet gekomen, terug op de wachtlijst")
    CLOSE_AFTER_MISSES = "close_after_misses", _("Te vaak niet gekomen, gesloten")
    RELEASE = "release", _("Reservering vervallen")
    HAND_OVER = "hand_over", _("Apparaat uitgegeven")
    RETURN = "return", _("Apparaat teruggebracht")
    REPORT_LOST = "report_lost", _("Apparaat kwijt of gestolen")
    ADD_INTERNET = "add_internet", _("Internet thuis vastgelegd")
    CLOSE = "close", _("Aanvraag gesloten")


class ApplicationTransition(WorkflowHistory):
    """One step in an application's process (see applications.workflow): the history on the
    application's page. It names the member of staff, never the resident."""

    subject_field = "application"
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    step = models.CharField(_("stap"), max_length=20, choices=Step.choices)
    from_state = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=Status.choices)

    class Meta(WorkflowHistory.Meta):
        pass
