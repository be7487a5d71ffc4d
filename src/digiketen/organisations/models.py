import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import NamedInTwoLanguages


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    LIBRARY = "library", _("Bibliotheek")
    WELFARE = "welfare", _("Welzijn")
    SOCIAL_WORK = "social_work", _("Maatschappelijk werk")
    DEBT_HELP = "debt_help", _("Schuldhulp")
    HOUSING_CORPORATION = "housing_corporation", _("Woningcorporatie")
    SCHOOL = "school", _("School")
    REFURBISHER = "refurbisher", _("Opknapper van apparaten")
    INTERNET_PROVIDER = "internet_provider", _("Internetaanbieder")
    OTHER = "other", _("Anders")


class Organisation(models.Model):
    """A partner in the chain, including the municipality itself."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    type = models.CharField(
        _("soort organisatie"), max_length=40, choices=OrganisationType.choices, db_index=True
    )
    description = models.TextField(_("omschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=OrganisationType.values),
                name="organisation_type_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.pk])

    @property
    def audit_organisation(self) -> "Organisation":
        return self


class Neighbourhood(models.Model):
    """A wijk: the unit residents pick and reports group by."""

    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AccessibilityFeature(NamedInTwoLanguages):
    """A coded accessibility feature of a location (code list, editable)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("toegankelijkheidskenmerk")
        verbose_name_plural = _("toegankelijkheidskenmerken")
        ordering = ["code"]


postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Za-z]{2}$", _("Vul een postcode in als 1234 AB.")
)


class Location(models.Model):
    """A physical place of an organisation: library branch, community centre, hub."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    street = models.CharField(_("straat"), max_length=200)
    house_number = models.CharField(_("huisnummer"), max_length=20)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    city = models.CharField(_("plaats"), max_length=100)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("wijk"),
    )
    latitude = models.DecimalField(
        _("breedtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("lengtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    directions = models.TextField(
        _("route en ingang"), blank=True, help_text=_("Bijvoorbeeld: ingang aan de zijkant.")
    )
    accessibility_features = models.ManyToManyField(
        AccessibilityFeature, blank=True, verbose_name=_("toegankelijkheid")
    )
    by_appointment = models.BooleanField(
        _("werkt op afspraak"),
        default=False,
        # Also in the database: rows written without it (an older process during a rolling
        # deploy, a migration test's historical models) still get "no".
        db_default=False,
        help_text=_(
            "Inwoners komen hier alleen op afspraak. Een uitgiftepunt laat ze dan online een "
            "afspraak maken om hun pas of bewijs te laten zien."
        ),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["name"]
        indexes = [models.Index(fields=["postcode"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="location_unique_name_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_both_or_none",
                violation_error_message=_(
                    "Vul de breedtegraad én de lengtegraad in, of geen van beide."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:location-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


def normalise_postcode(value: str) -> str:
    """'6211cn' -> '6211 CN'."""
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class WeeklyPeriod(models.Model):
    """A period on a weekday, every week (opening hours of a building or of a service)."""

    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens = models.TimeField(_("open vanaf"))
    closes = models.TimeField(_("open tot"))

    class Meta:
        abstract = True
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="%(app_label)s_%(class)s_opens_before_closes",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="%(app_label)s_%(class)s_weekday_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningHours(WeeklyPeriod):
    """One opening period of a location on a weekday; a day may have several."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")

    class Meta(WeeklyPeriod.Meta):
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")
