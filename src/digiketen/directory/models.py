import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from digiketen.organisations.models import Location, Organisation, WeeklyPeriod


class ServiceType(models.TextChoices):
    HELP_POINT = "help_point", _("Informatiepunt Digitale Overheid")
    DIGITAL_HELP = "digital_help", _("Hulp bij computer, tablet of telefoon")
    COURSE = "course", _("Cursus")
    BUDDY = "buddy", _("Maatje of hulp aan huis")
    FREE_WIFI = "free_wifi", _("Gratis wifi")
    PUBLIC_COMPUTER = "public_computer", _("Computer gebruiken")
    PRINTING = "printing", _("Printen en scannen")
    DEVICE_HANDOUT = "device_handout", _("Laptop voor inwoners met weinig geld")
    DEVICE_DROPOFF = "device_dropoff", _("Laptop of telefoon weggeven")
    HOME_INTERNET = "home_internet", _("Goedkoop internet thuis")
    PHONE_HELP_LINE = "phone_help_line", _("Hulp via de telefoon")


class Access(models.TextChoices):
    WALK_IN = "walk_in", _("U kunt zo binnenlopen")
    APPOINTMENT = "appointment", _("Alleen op afspraak")
    BOTH = "both", _("Binnenlopen of een afspraak maken")


# Languages a service can be given in (ISO 639-1), with their own names so a resident finds
# their language without reading Dutch.
SPOKEN_LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("uk", "Українська"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("ti", "ትግርኛ"),
    ("so", "Soomaali"),
    ("fa", "فارسی"),
    ("zh", "中文"),
    ("ngt", "Nederlandse Gebarentaal"),
]


class Service(models.Model):
    """Help that an organisation offers, at one or more locations, by phone or online."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisatie"),
    )
    type = models.CharField(_("soort hulp"), max_length=30, choices=ServiceType.choices)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(
        _("omschrijving"), help_text=_("In eenvoudige taal: wat krijgt de inwoner hier?")
    )
    access = models.CharField(
        _("binnenlopen of afspraak"), max_length=20, choices=Access.choices, default=Access.WALK_IN
    )
    is_free = models.BooleanField(_("gratis"), default=True)
    cost_description = models.CharField(
        _("kosten"), max_length=200, blank=True, help_text=_("Alleen als het niet gratis is.")
    )
    what_to_bring = models.CharField(
        _("wat neemt u mee"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: uw ID-kaart of paspoort, uw Stadspas, uw DigiD-gegevens."),
    )
    for_whom = models.CharField(
        _("voor wie"),
        max_length=300,
        blank=True,
        help_text=_("Leeg laten als het voor iedereen is."),
    )
    minimum_age = models.PositiveSmallIntegerField(_("vanaf leeftijd"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("tot en met leeftijd"), null=True, blank=True)
    pass_holders_only = models.BooleanField(_("alleen met Stadspas of minimapas"), default=False)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    url = models.URLField(_("website"), blank=True)
    by_phone = models.BooleanField(_("ook via de telefoon"), default=False)
    online = models.BooleanField(_("ook online"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    last_confirmed_at = models.DateTimeField(_("laatst bevestigd"), null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmation_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["type", "is_active"]),
            models.Index(fields=["last_confirmed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="service_unique_name_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(type__in=ServiceType.values), name="service_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=F("maximum_age")),
                name="service_age_range_valid",
                violation_error_message=_(
                    "De leeftijd 'vanaf' mag niet hoger zijn dan de leeftijd 'tot en met'."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:service-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("directory:public-service", args=[self.uuid])

    @cached_property
    def offer(self):
        """Cost and conditions as shown in the finder (directory.offers)."""
        from digiketen.directory.offers import offer_of

        return offer_of(self)

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class ServiceLanguage(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("taal"), max_length=5, choices=SPOKEN_LANGUAGES, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_language_unique")
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.get_code_display()


class ServiceAtLocation(models.Model):
    """A service given at a location, with its own weekly hours and exceptions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="at_locations", verbose_name=_("dienst")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="services", verbose_name=_("locatie")
    )
    note = models.CharField(
        _("opmerking voor deze plek"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: in de zaal op de eerste verdieping."),
    )

    class Meta:
        verbose_name = _("dienst op locatie")
        verbose_name_plural = _("diensten op locatie")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="service_at_location_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} — {self.location}"

    def get_absolute_url(self) -> str:
        return reverse("directory:service-detail", args=[self.service_id])

    @property
    def audit_organisation(self) -> Organisation:
        return self.service.organisation


class ServiceHours(WeeklyPeriod):
    """One weekly period in which the service is given at the location."""

    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="hours"
    )

    class Meta(WeeklyPeriod.Meta):
        verbose_name = _("tijd van een dienst")
        verbose_name_plural = _("tijden van een dienst")


class ScheduleException(models.Model):
    """A holiday, temporary closure or changed hours, from start to end date inclusive."""

    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="exceptions"
    )
    start_date = models.DateField(_("vanaf datum"))
    end_date = models.DateField(_("tot en met datum"))
    is_closed = models.BooleanField(_("gesloten"), default=True)
    opens = models.TimeField(_("andere tijd: vanaf"), null=True, blank=True)
    closes = models.TimeField(_("andere tijd: tot"), null=True, blank=True)
    notice = models.CharField(
        _("bericht voor inwoners"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: Gesloten wegens verbouwing. Kom naar de bibliotheek."),
    )

    class Meta:
        ordering = ["start_date"]
        indexes = [models.Index(fields=["end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")),
                name="schedule_exception_dates_in_order",
                violation_error_message=_("De einddatum mag niet voor de begindatum liggen."),
            ),
            models.CheckConstraint(
                condition=Q(is_closed=True, opens__isnull=True, closes__isnull=True)
                | Q(
                    is_closed=False,
                    opens__isnull=False,
                    closes__isnull=False,
                    opens__lt=F("closes"),
                ),
                name="schedule_exception_closed_or_hours",
                violation_error_message=_(
                    "Kies 'gesloten', of vul andere tijden in. "
                    "De begintijd moet voor de eindtijd liggen."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date}"


class GeocodedPostcode(models.Model):
    """A postcode's position: from PDOK Locatieserver (cached) or an imported centroid CSV."""

    class Source(models.TextChoices):
        PDOK = "pdok", "PDOK Locatieserver"
        CENTROID_FILE = "csv", _("Ingelezen bestand")

    postcode = models.CharField(max_length=6, unique=True)  # "6211CN" or "6211"
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    source = models.CharField(max_length=10, choices=Source.choices)
    fetched_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.postcode


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Wacht op zijn beurt")
    RUNNING = "running", _("Bezig")
    SAVED = "saved", _("Ingelezen")
    REJECTED = "rejected", _("Niets ingelezen: regels met fouten")
    FAILED = "failed", _("Niets ingelezen: het bestand is niet te lezen")


IMPORT_FINISHED = frozenset({ImportState.SAVED, ImportState.REJECTED, ImportState.FAILED})


class ServiceImport(models.Model):
    """One upload of an HSDS package, read and imported by the task worker (import_runs).
    The package is kept until the run ends; the outcome and the rejected rows stay."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="service_imports"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    package = models.BinaryField(editable=False)
    state = models.CharField(max_length=20, choices=ImportState.choices, default=ImportState.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # The first rejected rows ([{"row": 3, "name": "...", "reasons": ["..."]}]), so far.
    errors = models.JSONField(default=list, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)  # why the package as a whole was not imported
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker's last sign of life (taking the run, each progress write): a run whose
    # worker died stops beating and is failed by import_runs.fail_stalled_imports.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inleesopdracht")
        verbose_name_plural = _("inleesopdrachten")
        indexes = [models.Index(fields=["organisation", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values), name="service_import_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("directory:service-import-run", args=[self.uuid])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def is_finished(self) -> bool:
        return self.state in IMPORT_FINISHED

    @property
    def percent_done(self) -> int:
        return 100 * self.rows_done // self.rows_total if self.rows_total else 0
