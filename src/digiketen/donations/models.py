from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.organisations.models import Location, Organisation, postcode_validator


class DonorKind(models.TextChoices):
    ORGANISATION = "organisation", _("Een organisatie of bedrijf")
    PERSON = "person", _("Ikzelf, als inwoner")


class DeviceAge(models.TextChoices):
    UNDER_3 = "under_3", _("Jonger dan 3 jaar")
    FROM_3_TO_5 = "3_to_5", _("3 tot 5 jaar")
    OVER_5 = "over_5", _("Ouder dan 5 jaar")
    UNKNOWN = "unknown", _("Weet ik niet")


class Handover(models.TextChoices):
    DROP_OFF = "drop_off", _("Ik breng de apparaten zelf")
    PICKUP = "pickup", _("Graag ophalen")


class DonationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")
    MERGED = "merged", _("Samengevoegd")


class Donation(models.Model):
    """Devices someone offers. The donor follows them through a private, unguessable link."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    # The cyberbank that receives it: the hub's organisation, or the one that picks up.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="donations", editable=False
    )
    donor_kind = models.CharField(_("wie geeft"), max_length=20, choices=DonorKind.choices)
    organisation_name = models.CharField(_("naam organisatie"), max_length=200, blank=True)
    contact_name = models.CharField(_("uw naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    laptops = models.PositiveSmallIntegerField(_("laptops"), default=0)
    desktops = models.PositiveSmallIntegerField(_("computers (desktop)"), default=0)
    tablets = models.PositiveSmallIntegerField(_("tablets"), default=0)
    phones = models.PositiveSmallIntegerField(_("telefoons"), default=0)
    age = models.CharField(_("hoe oud ongeveer"), max_length=20, choices=DeviceAge.choices)
    handover = models.CharField(_("brengen of ophalen"), max_length=20, choices=Handover.choices)
    hub = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("waar brengt u ze"),
    )
    pickup_street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    pickup_postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    pickup_city = models.CharField(_("plaats"), max_length=100, blank=True)
    pickup_days = models.CharField(_("welke dagen passen"), max_length=200, blank=True)
    notes = models.TextField(_("opmerkingen"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Staff close a donation that will not come, or merge a duplicate into the one they keep.
    status = models.CharField(
        _("status"), max_length=10, choices=DonationStatus.choices, default="open"
    )
    closed_reason = models.CharField(_("reden"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )

    class Meta:
        verbose_name = _("donatie")
        verbose_name_plural = _("donaties")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(laptops__gt=0)
                | models.Q(desktops__gt=0)
                | models.Q(tablets__gt=0)
                | models.Q(phones__gt=0),
                name="donation_has_devices",
                violation_error_message=_("Vul in hoeveel apparaten u geeft."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.organisation_name or self.contact_name}"

    def get_absolute_url(self) -> str:
        return reverse("donations:detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def number(self) -> str:
        """What donor and staff quote: the same for both, and telling duplicates apart."""
        return f"D-{self.pk:06d}" if self.pk else ""

    def get_donor_url(self) -> str:
        return reverse("donations:donor-page", args=[self.token])

    @property
    def device_count(self) -> int:
        return self.laptops + self.desktops + self.tablets + self.phones


class AssetListItem(models.Model):
    """One line of the asset list an organisation uploaded; intake matches devices to it."""

    donation = models.ForeignKey(Donation, on_delete=models.CASCADE, related_name="asset_items")
    serial = models.CharField(max_length=100)
    model = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.serial} {self.model}".strip()
