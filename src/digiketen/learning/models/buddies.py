"""Buddies (maatjes): volunteers with their certificate of conduct (VOG), requests from
residents, matches and the meetings of a match."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import NamedInTwoLanguages, WorkflowHistory
from digiketen.organisations.models import Neighbourhood, Organisation

__all__ = [
    "BuddyLanguage",
    "BuddyPolicy",
    "BuddyRequest",
    "BuddyTopic",
    "DayPart",
    "DeclineReason",
    "EndReason",
    "Match",
    "MatchStatus",
    "MatchStep",
    "MatchTransition",
    "Meeting",
    "MeetingBy",
    "RequestSource",
    "RequestStatus",
    "Volunteer",
]

pc4_validator = RegexValidator(r"^[1-9][0-9]{3}$", _("Vul de vier cijfers van de postcode in."))


class BuddyTopic(NamedInTwoLanguages):
    """A digital topic a volunteer can help with and a resident can ask for (editable)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        ordering = ["order", "name"]


class BuddyLanguage(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    ARABIC = "ar", _("Arabisch")
    TURKISH = "tr", _("Turks")
    POLISH = "pl", _("Pools")
    UKRAINIAN = "uk", _("Oekraïens")
    TIGRINYA = "ti", _("Tigrinya")
    GERMAN = "de", _("Duits")
    FRENCH = "fr", _("Frans")
    SPANISH = "es", _("Spaans")
    LIMBURGISH = "li", _("Limburgs")


class DayPart(models.TextChoices):
    MON_MORNING = "mon_am", _("maandagochtend")
    MON_AFTERNOON = "mon_pm", _("maandagmiddag")
    MON_EVENING = "mon_ev", _("maandagavond")
    TUE_MORNING = "tue_am", _("dinsdagochtend")
    TUE_AFTERNOON = "tue_pm", _("dinsdagmiddag")
    TUE_EVENING = "tue_ev", _("dinsdagavond")
    WED_MORNING = "wed_am", _("woensdagochtend")
    WED_AFTERNOON = "wed_pm", _("woensdagmiddag")
    WED_EVENING = "wed_ev", _("woensdagavond")
    THU_MORNING = "thu_am", _("donderdagochtend")
    THU_AFTERNOON = "thu_pm", _("donderdagmiddag")
    THU_EVENING = "thu_ev", _("donderdagavond")
    FRI_MORNING = "fri_am", _("vrijdagochtend")
    FRI_AFTERNOON = "fri_pm", _("vrijdagmiddag")
    FRI_EVENING = "fri_ev", _("vrijdagavond")
    SAT_MORNING = "sat_am", _("zaterdagochtend")
    SAT_AFTERNOON = "sat_pm", _("zaterdagmiddag")
    SUN_AFTERNOON = "sun_pm", _("zondagmiddag")


class BuddyPolicy(models.Model):
    """The organisation's own rules for its buddy project."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="buddy_policy"
    )
    vog_validity_years = models.PositiveSmallIntegerField(
        _("VOG geldig (jaren)"), default=3, help_text=_("Na zoveel jaar is een nieuwe VOG nodig.")
    )
    review_months = models.PositiveSmallIntegerField(_("evaluatie na (maanden)"), default=12)
    # The project as a service in the finder (services.buddy_offer keeps it up to date).
    service = models.OneToOneField(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("regels maatjesproject")
        verbose_name_plural = _("regels maatjesproject")
        constraints = [
            models.CheckConstraint(
                condition=Q(vog_validity_years__gte=1, vog_validity_years__lte=10),
                name="buddy_policy_vog_years_sensible",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class Volunteer(models.Model):
    """A buddy volunteer of an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="buddy_volunteers"
    )
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    languages = models.JSONField(_("talen"), default=list)
    postcode = models.CharField(_("postcode (4 cijfers)"), max_length=4, validators=[pc4_validator])
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wijk"),
    )
    availability = models.JSONField(_("beschikbaar"), default=list)
    home_visits = models.BooleanField(_("wil op huisbezoek"), default=False)
    topics = models.ManyToManyField(BuddyTopic, blank=True, verbose_name=_("onderwerpen"))
    intake_on = models.DateField(_("kennismakingsgesprek"), null=True, blank=True)
    agreement_signed_on = models.DateField(
        _("vrijwilligersovereenkomst getekend"), null=True, blank=True
    )
    vog_requested_on = models.DateField(_("VOG aangevraagd"), null=True, blank=True)
    vog_received_on = models.DateField(_("VOG ontvangen (datum op de VOG)"), null=True, blank=True)
    vog_valid_until = models.DateField(_("VOG geldig tot"), null=True, blank=True, db_index=True)
    # The daily job tells about an expiring VOG once each: 60 and 30 days before, and on expiry.
    vog_reminded_60_on = models.DateField(null=True, blank=True)
    vog_reminded_30_on = models.DateField(null=True, blank=True)
    vog_expiry_told_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["organisation", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(vog_received_on__isnull=True) | Q(vog_valid_until__isnull=False),
                name="volunteer_received_vog_has_end",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:volunteer-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    def vog_valid_on(self, day) -> bool:
        return self.vog_valid_until is not None and self.vog_valid_until > day

    def get_languages_display(self) -> str:
        labels = dict(BuddyLanguage.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.languages)

    def get_availability_display(self) -> str:
        labels = dict(DayPart.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.availability)


class RequestSource(models.TextChoices):
    STAFF = "staff", _("Door een medewerker")
    HELP_POINT = "help_point", _("Vanuit het informatiepunt")
    PARTNER = "partner", _("Doorverwezen door een partner")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Wacht op een maatje")
    MATCHED = "matched", _("Heeft een maatje")
    CLOSED = "closed", _("Gesloten")


class BuddyRequest(models.Model):
    """A resident who would like a buddy. Only what matching needs, and a way to reach them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="buddy_requests"
    )
    source = models.CharField(
        _("bron"), max_length=12, choices=RequestSource.choices, default=RequestSource.STAFF
    )
    help_contact = models.OneToOneField(
        "helpdesk.HelpContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buddy_request",
    )
    name = models.CharField(_("naam"), max_length=150)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    wish = models.CharField(_("waar wil de inwoner hulp bij?"), max_length=300)
    topics = models.ManyToManyField(BuddyTopic, blank=True, verbose_name=_("onderwerpen"))
    language = models.CharField(
        _("taal"), max_length=3, choices=BuddyLanguage.choices, default=BuddyLanguage.DUTCH
    )
    postcode = models.CharField(_("postcode (4 cijfers)"), max_length=4, validators=[pc4_validator])
    availability = models.JSONField(_("kan op"), default=list, blank=True)
    home_visit = models.BooleanField(_("wil hulp bij zich thuis"), default=False)
    status = models.CharField(
        _("stand"), max_length=8, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aanvraag voor een maatje")
        verbose_name_plural = _("aanvragen voor een maatje")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%Y-%m-%d})" if self.created_at else self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:request-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    DECLINED = "declined", _("Afgewezen")
    ACTIVE = "active", _("Loopt")
    ON_HOLD = "on_hold", _("Gepauzeerd")
    ENDED = "ended", _("Gestopt")


class MatchStep(models.TextChoices):
    PROPOSE = "propose", _("Voorstellen")
    VOLUNTEER_DECLINES = "volunteer_declines", _("Vrijwilliger wil niet")
    RESIDENT_DECLINES = "resident_declines", _("Inwoner wil niet")
    START = "start", _("Starten")
    HOLD = "hold", _("Pauzeren")
    RESUME = "resume", _("Weer starten")
    END = "end", _("Stoppen")


class DeclineReason(models.TextChoices):
    DISTANCE = "distance", _("Te ver weg")
    TIME = "time", _("Tijden passen niet")
    LANGUAGE = "language", _("Taal past niet")
    NO_CLICK = "no_click", _("Klikt niet")
    NO_LONGER_NEEDED = "not_needed", _("Niet meer nodig")
    OTHER = "other", _("Andere reden")


class EndReason(models.TextChoices):
    GOAL_REACHED = "goal", _("Doel bereikt")
    RESIDENT_STOPPED = "resident", _("Inwoner stopt")
    VOLUNTEER_STOPPED = "volunteer", _("Vrijwilliger stopt")
    NO_VALID_VOG = "vog", _("Geen geldige VOG")
    MOVED = "moved", _("Verhuisd")
    OTHER = "other", _("Andere reden")


class Match(models.Model):
    """A volunteer and a resident, from the proposal to the end."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="matches")
    request = models.ForeignKey(BuddyRequest, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(
        _("stand"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    reasons = models.JSONField(default=list, blank=True)
    decline_reason = models.CharField(
        _("reden"), max_length=12, choices=DeclineReason.choices, blank=True
    )
    started_on = models.DateField(_("gestart"), null=True, blank=True)
    review_on = models.DateField(_("evaluatie"), null=True, blank=True)
    ended_on = models.DateField(_("gestopt"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden van stoppen"), max_length=10, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["volunteer", "status"]),
        ]
        constraints = [
            # One live proposal or match per request.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "active", "on_hold"]),
                name="match_one_live_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="match_ended_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.request.name}"

    def get_absolute_url(self) -> str:
        return reverse("learning:match-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class MatchTransition(WorkflowHistory):
    subject_field = "match"
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="history")
    step = models.CharField(max_length=20, choices=MatchStep.choices)
    from_state = models.CharField(max_length=10, choices=MatchStatus.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=MatchStatus.choices)

    class Meta(WorkflowHistory.Meta):
        pass


class MeetingBy(models.TextChoices):
    VOLUNTEER = "volunteer", _("Vrijwilliger")
    COORDINATOR = "coordinator", _("Coördinator")


class Meeting(models.Model):
    """One meeting of a buddy and a resident, written down by either."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("datum"))
    minutes = models.PositiveSmallIntegerField(_("duur (minuten)"))
    topic = models.ForeignKey(
        BuddyTopic, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("onderwerp")
    )
    note = models.CharField(_("wat hebben jullie gedaan?"), max_length=500, blank=True)
    logged_by = models.CharField(
        _("ingevuld door"), max_length=12, choices=MeetingBy.choices, default=MeetingBy.COORDINATOR
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ontmoeting")
        verbose_name_plural = _("ontmoetingen")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["match", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=600), name="meeting_minutes_sensible"
            )
        ]

    def __str__(self) -> str:
        return f"{self.match} {self.held_on}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.match.organisation
