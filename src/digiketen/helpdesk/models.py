"""Visits to an Informatiepunt Digitale Overheid: registered in seconds, anonymous by default.

A visit holds one or more questions; each question has a theme, the agencies it concerns and an
outcome (the five tasks of a help point, or "not solved"). A visit can get a satisfaction code
and a follow-up appointment."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import NamedInTwoLanguages, WorkflowHistory
from digiketen.organisations.models import Location, Organisation


class CodeList(NamedInTwoLanguages):
    """An editable list entry with a Dutch and an English name."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]


class Theme(CodeList):
    class Meta(CodeList.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class Agency(CodeList):
    """A government organisation a question is about (Belastingdienst, DUO, ...)."""

    class Meta(CodeList.Meta):
        verbose_name = _("instantie")
        verbose_name_plural = _("instanties")


class Outcome(CodeList):
    """What came of a question: the five tasks of a help point (a-e) and "not solved" (x).
    The names are editable; the one-letter code stays, so figures compare over the years."""

    code = models.CharField(_("code"), max_length=1, unique=True)

    class Meta(CodeList.Meta):
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")


NOT_SOLVED = "x"


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Binnenlopen")
    PHONE = "phone", _("Telefoon")
    APPOINTMENT = "appointment", _("Afspraak")
    ONLINE = "online", _("E-mail of chat")
    HOME_VISIT = "home_visit", _("Huisbezoek")


class QuestionType(models.TextChoices):
    GOVERNMENT = "government", _("Digitale overheid")
    LIBRARY = "library", _("Dienst van de bibliotheek")
    OTHER = "other", _("Anders")


class AgeBand(models.TextChoices):
    UNKNOWN = "", _("Niet gevraagd")
    UNDER_25 = "u25", _("Jonger dan 25")
    FROM_25 = "25_44", _("25 tot 45")
    FROM_45 = "45_64", _("45 tot 65")
    FROM_65 = "65_74", _("65 tot 75")
    OVER_75 = "75", _("75 of ouder")


class VisitorKind(models.TextChoices):
    UNKNOWN = "", _("Niet gevraagd")
    FIRST = "first", _("Eerste keer")
    RETURNING = "returning", _("Kwam al eerder")


class HelpContact(models.Model):
    """One visit, call or session. No name: the visitor stays anonymous."""

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="help_contacts", verbose_name=_("locatie")
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="help_contacts"
    )
    channel = models.CharField(_("kanaal"), max_length=12, choices=Channel.choices)
    question_type = models.CharField(_("soort vraag"), max_length=12, choices=QuestionType.choices)
    started_at = models.DateTimeField(_("begonnen"), db_index=True)
    minutes = models.PositiveSmallIntegerField(_("duur (minuten)"))
    follow_up = models.BooleanField(_("vervolg nodig"), default=False)
    referred_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorverwezen naar"),
    )
    referred_service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorverwezen naar hulp"),
    )
    age_band = models.CharField(_("leeftijd"), max_length=6, choices=AgeBand.choices, blank=True)
    visitor_kind = models.CharField(
        _("bezoeker"), max_length=10, choices=VisitorKind.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bezoek")
        verbose_name_plural = _("bezoeken")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["location", "started_at"]),
            # The helper's last registration (the location the form starts at).
            models.Index(fields=["helper", "-created_at"], name="helpcontact_helper_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=480), name="help_contact_minutes_sensible"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:contact-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class HelpQuestion(models.Model):
    contact = models.ForeignKey(HelpContact, on_delete=models.CASCADE, related_name="questions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("thema"))
    agencies = models.ManyToManyField(Agency, blank=True, verbose_name=_("instanties"))
    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.PROTECT,
        to_field="code",
        db_column="outcome",
        related_name="+",
        verbose_name=_("uitkomst"),
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["theme", "outcome"])]

    def __str__(self) -> str:
        return f"{self.theme}: {self.outcome}"


class QuestionTemplate(models.Model):
    """A frequent question, saved by a help point to register it with one choice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam"), max_length=100)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("thema"))
    agencies = models.ManyToManyField(Agency, blank=True, verbose_name=_("instanties"))
    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.PROTECT,
        to_field="code",
        db_column="outcome",
        related_name="+",
        verbose_name=_("uitkomst"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="question_template_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


def new_survey_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _n in range(8))


class SurveyCode(models.Model):
    """A short code on the slip a visitor gets: it opens the survey once, until it expires."""

    code = models.CharField(max_length=8, unique=True, default=new_survey_code)
    contact = models.OneToOneField(HelpContact, on_delete=models.CASCADE, related_name="survey")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class Helped(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Een beetje")
    NO = "no", _("Nee")


class SurveyAnswer(models.Model):
    contact = models.OneToOneField(
        HelpContact, on_delete=models.CASCADE, related_name="survey_answer"
    )
    helped = models.CharField(_("Bent u geholpen?"), max_length=6, choices=Helped.choices)
    mark = models.PositiveSmallIntegerField(_("Welk cijfer geeft u ons?"))
    would_return = models.BooleanField(_("Zou u nog eens bij ons komen?"), null=True)
    would_recommend = models.BooleanField(_("Zou u ons aanraden aan anderen?"), null=True)
    # Until issue 12 the survey asked both in one question, with one answer. Those answers
    # stay here, counted apart in the figures, so published figures keep their meaning.
    returns_or_recommends = models.BooleanField(null=True, editable=False)
    comment = models.TextField(
        _("Wilt u nog iets zeggen?"),
        blank=True,
        max_length=1000,
        help_text=_("Schrijf hier geen naam, adres of telefoonnummer."),
    )
    on_paper = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(mark__gte=1, mark__lte=10), name="survey_mark_1_to_10"
            ),
            models.CheckConstraint(
                condition=Q(would_return__isnull=False, would_recommend__isnull=False)
                | Q(returns_or_recommends__isnull=False),
                name="survey_return_and_recommend_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.mark}"


class Purpose(models.TextChoices):
    """What an appointment is for. One booking mechanism serves both: a question at a help
    point, and the eligibility check at a cyberbank hub (the resident shows their pass or
    proof). The purpose decides who plans and sees the times (helpdesk.purposes)."""

    HELP = "help", _("Vraag aan het informatiepunt")
    ELIGIBILITY = "eligibility", _("Laten zien dat u een laptop mag krijgen")


class AppointmentSlot(models.Model):
    """A time a helper has for appointments at a location: follow-ups and online bookings
    at a help point, or eligibility checks at a cyberbank hub."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="help_slots")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_slots"
    )
    purpose = models.CharField(
        _("waarvoor"), max_length=12, choices=Purpose.choices, default=Purpose.HELP
    )
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # The free times of one kind at a place (/afspraak, the hub's check appointments).
            models.Index(fields=["purpose", "location", "starts_at"], name="help_slot_purpose")
        ]
        constraints = [
            models.UniqueConstraint(fields=["helper", "starts_at"], name="help_slot_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="help_slot_ends_later"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=["help", "eligibility"]), name="help_slot_purpose_valid"
            ),
        ]

    def __str__(self) -> str:
        from django.utils import formats, timezone

        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return (
            f"{formats.date_format(start, 'l j F Y')} "
            f"{formats.time_format(start, 'H:i')}–{formats.time_format(end, 'H:i')}"
        )

    @property
    def audit_organisation(self) -> Organisation:
        return self.location.organisation


class ConfirmBy(models.TextChoices):
    SLIP = "slip", _("Briefje meegeven")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Gepland")
    DONE = "done", _("Geweest")
    NO_SHOW = "no_show", _("Niet gekomen")
    CANCELLED = "cancelled", _("Afgezegd")


class Appointment(models.Model):
    """A follow-up appointment. The visitor's name and phone or e-mail are kept only as long
    as the appointment needs them (see services.forget_visitors)."""

    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments")
    follow_up_of = models.ForeignKey(
        HelpContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("thema")
    )
    visitor_name = models.CharField(_("naam bezoeker"), max_length=100, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    confirm_by = models.CharField(
        _("bevestigen met"), max_length=6, choices=ConfirmBy.choices, default=ConfirmBy.SLIP
    )
    status = models.CharField(
        max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    forgotten_at = models.DateTimeField(null=True, blank=True)
    # The application whose eligibility check this is, when booked from its status page.
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_appointments",
    )
    # The link in the confirmation to cancel or choose another time (online bookings only).
    manage_token = models.CharField(max_length=43, unique=True, null=True, blank=True)
    # Empty when the resident booked online (/afspraak).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The confirmation and the reminder are written in it.
    language = models.CharField(max_length=10, default="nl")
    created_at = models.DateTimeField(auto_now_add=True)
    # The confirmation and the reminder, in the outbox.
    messages = GenericRelation(
        "core.Message", content_type_field="about_type", object_id_field="about_id"
    )

    class Meta:
        ordering = ["slot__starts_at"]
        constraints = [
            # One visitor per time; a cancelled appointment stays on record and frees it.
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="appointment_slot_taken_once",
            )
        ]

    def __str__(self) -> str:
        return str(self.slot)

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:appointment", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.slot.location.organisation


class AppointmentStep(models.TextChoices):
    """The steps of a follow-up appointment (the table is in helpdesk.workflow)."""

    BOOK = "book", _("Afspraak gemaakt")
    COME = "come", _("Geweest")
    NO_SHOW = "no_show", _("Niet gekomen")
    CANCEL = "cancel", _("Afgezegd")


class AppointmentTransition(WorkflowHistory):
    """One step of an appointment: its history. It names the helper, never the visitor."""

    subject_field = "appointment"
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="transitions"
    )
    step = models.CharField(max_length=10, choices=AppointmentStep.choices)
    from_state = models.CharField(max_length=10, choices=AppointmentStatus.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=AppointmentStatus.choices)

    class Meta(WorkflowHistory.Meta):
        pass
