"""Courses: programmes, runs and their sessions, sign-up requests, the waiting list,
attendance, certificates and the self-assessment of skills."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import Channel, NamedInTwoLanguages
from digiketen.directory.models import SPOKEN_LANGUAGES, Service
from digiketen.organisations.models import Location, Organisation

__all__ = [
    "FINISHED",
    "HOLDS_SEAT",
    "SKILL_KEYS",
    "SKILL_STATEMENTS",
    "WEEKDAYS",
    "Attendance",
    "CourseRun",
    "CourseSession",
    "DropoutReason",
    "Enrolment",
    "EnrolmentSource",
    "EnrolmentStatus",
    "EnrolmentStep",
    "EnrolmentTransition",
    "Level",
    "Programme",
    "SkillAnswer",
    "SkillMoment",
]

WEEKDAYS = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
    (5, _("zaterdag")),
    (6, _("zondag")),
]


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner: ik gebruik bijna nooit een computer")
    BASIC = "basic", _("Een beetje: ik kan zelf een website openen")
    ADVANCED = "advanced", _("Gevorderd: ik wil meer leren")


class Programme(NamedInTwoLanguages):
    """A course as the organisation offers it (Digisterker, Klik & Tik); given in runs."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(
        _("omschrijving"), help_text=_("In eenvoudige taal: wat leert de inwoner hier?")
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    language = models.CharField(_("taal"), max_length=5, choices=SPOKEN_LANGUAGES, default="nl")
    is_free = models.BooleanField(_("gratis"), default=True)
    cost_cents = models.PositiveIntegerField(
        _("kosten in centen"), default=0, help_text=_("Alleen als het niet gratis is.")
    )
    for_whom = models.CharField(_("voor wie"), max_length=300, blank=True)
    what_to_bring = models.CharField(_("wat neemt u mee"), max_length=300, blank=True)
    loan_device_available = models.BooleanField(_("leenlaptop mogelijk"), default=False)
    intake_needed = models.BooleanField(_("eerst een kennismakingsgesprek"), default=True)
    min_sessions_attended = models.PositiveSmallIntegerField(
        _("klaar na zoveel lessen"),
        default=1,
        help_text=_("Zoveel lessen moet iemand volgen voor het certificaat."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="programme_unique_name_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(is_free=True, cost_cents=0) | Q(is_free=False, cost_cents__gt=0),
                name="programme_free_or_amount",
                violation_error_message=_("Kies 'gratis', of vul een bedrag in."),
            ),
            models.CheckConstraint(
                condition=Q(min_sessions_attended__gte=1), name="programme_completion_rule"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("learning:programme-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def cost_display(self) -> str:
        if self.is_free:
            return str(_("Gratis"))
        euros, cents = divmod(self.cost_cents, 100)
        return f"€ {euros},{cents:02d}"


class CourseRun(models.Model):
    """One group of a programme: at a location, with its sessions, capacity and teachers.
    A run with free places is published in the finder as its own service (`service`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="runs")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="course_runs")
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=8)
    teachers = models.CharField(_("docent(en)"), max_length=300, blank=True)
    is_open = models.BooleanField(_("aanmelden mogelijk"), default=True)
    service = models.OneToOneField(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="course_run"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["programme__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_run_capacity")
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.location.name}"

    def get_absolute_url(self) -> str:
        return reverse("learning:run-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.programme.organisation


class CourseSession(models.Model):
    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("datum"))
    starts = models.TimeField(_("begint om"))
    ends = models.TimeField(_("eindigt om"))

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        ordering = ["date", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__lt=models.F("ends")),
                name="course_session_times_in_order",
                violation_error_message=_("De begintijd moet voor de eindtijd liggen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.run.programme.organisation


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangemeld, nog geen kennismaking")
    WAITING = "waiting", _("Op de wachtlijst")
    OFFERED = "offered", _("Plaats aangeboden")
    PLACED = "placed", _("Doet mee")
    COMPLETED = "completed", _("Afgerond")
    DROPPED_OUT = "dropped_out", _("Gestopt")
    EXPIRED = "expired", _("Niet gereageerd op aanbod")
    LEFT = "left", _("Van de wachtlijst af")


# Who hold a seat of their run: the seat constraint counts them.
HOLDS_SEAT = frozenset({EnrolmentStatus.OFFERED, EnrolmentStatus.PLACED})
FINISHED = frozenset(
    {
        EnrolmentStatus.COMPLETED,
        EnrolmentStatus.DROPPED_OUT,
        EnrolmentStatus.EXPIRED,
        EnrolmentStatus.LEFT,
    }
)


class EnrolmentStep(models.TextChoices):
    REQUEST = "request", _("Aanmelden")
    INTAKE = "intake", _("Kennismaking")
    OFFER = "offer", _("Plaats aanbieden")
    ACCEPT = "accept", _("Plaats aannemen")
    DECLINE = "decline", _("Plaats afslaan")
    EXPIRE = "expire", _("Aanbod verlopen")
    LEAVE = "leave", _("Van de lijst af")
    COMPLETE = "complete", _("Afronden")
    DROP_OUT = "drop_out", _("Stoppen")


class EnrolmentSource(models.TextChoices):
    PUBLIC = "public", _("Zelf aangemeld op de website")
    DESK = "desk", _("Aan de balie")
    HELP_POINT = "help_point", _("Bezoek aan het informatiepunt")
    HANDOUT = "handout", _("Bij het ophalen van een laptop")


class DropoutReason(models.TextChoices):
    HEALTH = "health", _("Ziek of te moe")
    TOO_HARD = "too_hard", _("Te moeilijk")
    TOO_EASY = "too_easy", _("Te makkelijk")
    TIME = "time", _("Geen tijd of ander werk")
    TRAVEL = "travel", _("Te ver weg")
    OTHER = "other", _("Andere reden")


def _token() -> str:
    return secrets.token_urlsafe(24)


class Enrolment(models.Model):
    """One person's request for a place in a programme, from sign-up to certificate: the
    request, the intake, the place on the waiting list, the seat in a run."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices)
    source = models.CharField(_("hoe aangemeld"), max_length=20, choices=EnrolmentSource.choices)
    name = models.CharField(_("naam"), max_length=200)
    reach_by = models.CharField(_("hoe bereiken wij u"), max_length=10, choices=Channel.choices)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    address = models.TextField(_("adres"), blank=True)
    locations = models.ManyToManyField(
        Location, blank=True, related_name="+", verbose_name=_("plaatsen die u passen")
    )
    # Weekdays (0 = Monday) that suit the person; empty: every day.
    days = models.JSONField(_("dagen die u passen"), default=list, blank=True)
    # The waiting list's order: the moment of sign-up, moved only with a reason (move_up).
    queued_at = models.DateTimeField(db_index=True)
    # Intake
    goal = models.TextField(_("wat wilt u leren"), blank=True)
    own_device = models.BooleanField(_("heeft een eigen laptop of tablet"), null=True)
    needs_loan_device = models.BooleanField(_("wil een leenlaptop"), default=False)
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices, blank=True)
    # Seat
    run = models.ForeignKey(
        CourseRun, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    seat = models.PositiveSmallIntegerField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    dropout_reason = models.CharField(
        _("reden van stoppen"), max_length=20, choices=DropoutReason.choices, blank=True
    )
    certificate_code = models.CharField(max_length=12, blank=True, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    # Where the request came from, so that the visit and the handout show it was followed up.
    help_contact = models.ForeignKey(
        "helpdesk.HelpContact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_requests",
    )
    handover = models.ForeignKey(
        "applications.DeviceHandover",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_requests",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["queued_at", "pk"]
        indexes = [models.Index(fields=["programme", "status", "queued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_valid"
            ),
            # A seat is a numbered chair of the run (1..capacity, checked by the service under
            # the run's lock); no two people ever hold the same one.
            models.UniqueConstraint(
                fields=["run", "seat"],
                condition=Q(seat__isnull=False),
                name="enrolment_one_person_per_seat",
            ),
            models.CheckConstraint(
                condition=Q(seat__isnull=True)
                | Q(seat__gte=1, run__isnull=False, status__in=sorted(HOLDS_SEAT)),
                name="enrolment_seat_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("learning:enrolment-detail", args=[self.pk])

    def get_resident_url(self) -> str:
        return reverse("learning:my-place", args=[self.token])

    @property
    def audit_organisation(self) -> Organisation:
        return self.programme.organisation


class EnrolmentTransition(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="history")
    step = models.CharField(max_length=20, choices=EnrolmentStep.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"


class Attendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField()
    absence_reason = models.CharField(_("reden van afwezigheid"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.session_id}: {self.present}"


class SkillMoment(models.TextChoices):
    FIRST = "first", _("Bij de eerste les")
    LAST = "last", _("Bij de laatste les")


# The same statements at the first and the last lesson, in B1 Dutch; the key stays when the
# wording is improved, so answers compare over the years.
SKILL_STATEMENTS = [
    ("digid", _("Ik kan zelf inloggen met DigiD.")),
    ("website", _("Ik kan op de website van de gemeente iets opzoeken.")),
    ("email", _("Ik kan een e-mail sturen met een bijlage.")),
    ("forms", _("Ik kan een formulier op internet invullen en versturen.")),
    ("safe", _("Ik herken een nepbericht of valse e-mail.")),
]
SKILL_KEYS = [key for key, _text in SKILL_STATEMENTS]


class SkillAnswer(models.Model):
    """One person's self-assessment of one statement at the first or the last lesson, as
    entered by staff from the paper form."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="skills")
    moment = models.CharField(max_length=5, choices=SkillMoment.choices)
    statement = models.CharField(max_length=20, choices=SKILL_STATEMENTS)
    can = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "moment", "statement"], name="skill_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.moment} {self.statement}: {self.can}"
