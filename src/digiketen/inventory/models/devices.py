from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.inventory.formats import storage_size
from digiketen.organisations.models import Location, Organisation


class DeviceType(models.TextChoices):
    LAPTOP = "laptop", _("Laptop")
    DESKTOP = "desktop", _("Computer (desktop)")
    TABLET = "tablet", _("Tablet")
    PHONE = "phone", _("Telefoon")
    OTHER = "other", _("Anders")


class DeviceState(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    TRIAGED = "triaged", _("Beoordeeld")
    AWAITING_ERASURE = "awaiting_erasure", _("Wacht op wissen")
    ERASED = "erased", _("Gewist")
    REFURBISHING = "refurbishing", _("Wordt opgeknapt")
    QUALITY_CHECK = "quality_check", _("Eindcontrole")
    READY = "ready", _("Klaar voor uitgifte")
    RESERVED = "reserved", _("Gereserveerd")
    HANDED_OUT = "handed_out", _("Uitgegeven")
    RETURNED = "returned", _("Teruggebracht")
    PARTS_HARVESTED = "parts_harvested", _("Gebruikt voor onderdelen")
    RECYCLED = "recycled", _("Gerecycled")
    LOST = "lost", _("Kwijt")


class Grade(models.TextChoices):
    A = "A", _("A: als nieuw")
    B = "B", _("B: lichte gebruikssporen")
    C = "C", _("C: duidelijke gebruikssporen")


class AssetTagCounter(models.Model):
    """The last number handed out per prefix; locked while a tag is drawn."""

    prefix = models.CharField(max_length=10, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last_number}"


class Device(models.Model):
    asset_tag = models.CharField(_("inventarisnummer"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="devices",
        verbose_name=_("organisatie"),
    )
    hub = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="devices", verbose_name=_("uitgiftepunt")
    )
    donation = models.ForeignKey(
        "donations.Donation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("donatie"),
    )
    type = models.CharField(_("soort"), max_length=20, choices=DeviceType.choices)
    state = models.CharField(
        _("status"), max_length=20, choices=DeviceState.choices, default=DeviceState.RECEIVED
    )
    brand = models.CharField(_("merk"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=150, blank=True)
    serial = models.CharField(_("serienummer"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("bouwjaar"), null=True, blank=True)
    condition_notes = models.TextField(_("staat en opmerkingen"), blank=True)
    locked = models.BooleanField(
        _("vergrendeld"),
        default=False,
        help_text=_("BIOS-wachtwoord, Activation Lock, MDM of als gestolen gemeld."),
    )
    triage_reason = models.CharField(_("reden beoordeling"), max_length=300, blank=True)
    grade = models.CharField(_("uiterlijk"), max_length=1, choices=Grade.choices, blank=True)
    # Specs, filled by hand or from a capture.
    cpu_model = models.CharField(_("processor"), max_length=150, blank=True)
    cpu_cores = models.PositiveSmallIntegerField(_("kernen"), null=True, blank=True)
    ram_mb = models.PositiveIntegerField(_("geheugen (MB)"), null=True, blank=True)
    screen_inch = models.DecimalField(
        _("schermgrootte (inch)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    screen_resolution = models.CharField(_("schermresolutie"), max_length=20, blank=True)
    battery_design_wh = models.DecimalField(
        _("accu nieuw (Wh)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    battery_full_wh = models.DecimalField(
        _("accu nu (Wh)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    battery_cycles = models.PositiveIntegerField(_("laadcycli"), null=True, blank=True)
    has_webcam = models.BooleanField(_("webcam"), null=True, blank=True)
    has_wifi = models.BooleanField(_("wifi"), null=True, blank=True)
    ports = models.CharField(_("aansluitingen"), max_length=200, blank=True)
    charger_present = models.BooleanField(_("lader aanwezig"), null=True, blank=True)
    keyboard_layout = models.CharField(_("toetsenbordindeling"), max_length=30, blank=True)
    tpm2 = models.BooleanField(_("TPM 2.0"), null=True, blank=True)
    secure_boot = models.BooleanField(_("Secure Boot"), null=True, blank=True)
    operating_system = models.CharField(_("besturingssysteem"), max_length=100, blank=True)
    os_licence = models.CharField(_("licentie"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("apparaat")
        verbose_name_plural = _("apparaten")
        ordering = ["asset_tag"]
        indexes = [
            models.Index(fields=["hub", "state"]),
            models.Index(fields=["state", "type"]),
            # The device list: an organisation's devices, newest first, by state or not.
            models.Index(fields=["organisation", "-id"], name="device_list"),
            models.Index(fields=["organisation", "state", "-id"], name="device_list_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DeviceState.values), name="device_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["parts_harvested", "recycled"]) | ~Q(triage_reason=""),
                name="device_exit_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.asset_tag

    def get_absolute_url(self) -> str:
        return reverse("inventory:device-detail", args=[self.pk])

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def triage_reason_shown(self) -> str:
        """The triage reason in the reader's language: the note of the history step that
        wrote it (read from the prefetched history), else as stored."""
        for step in reversed(self.transitions.all()):
            if step.note_code and step.reason == self.triage_reason:
                return step.note
        return self.triage_reason

    @property
    def windows11_ready(self) -> bool | None:
        if self.tpm2 is None or self.secure_boot is None:
            return None
        return self.tpm2 and self.secure_boot


class MediumKind(models.TextChoices):
    HDD = "hdd", "HDD"
    SSD = "ssd", "SSD"
    NVME = "nvme", "NVMe"
    EMMC = "emmc", "eMMC"
    OTHER = "other", _("Anders")


class StorageMedium(models.Model):
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("soort"), max_length=10, choices=MediumKind.choices)
    model = models.CharField(_("model"), max_length=150, blank=True)
    serial = models.CharField(_("serienummer"), max_length=100, blank=True)
    capacity_bytes = models.BigIntegerField(_("grootte (bytes)"), null=True, blank=True)
    smart_passed = models.BooleanField(_("SMART in orde"), null=True, blank=True)
    power_on_hours = models.PositiveIntegerField(_("draaiuren"), null=True, blank=True)

    class Meta:
        verbose_name = _("opslagmedium")
        verbose_name_plural = _("opslagmedia")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " ".join(
            filter(None, [self.get_kind_display(), storage_size(self.capacity_bytes), self.model])
        )


class Capture(models.Model):
    """A raw upload from digiketen-collect, kept unchanged as evidence."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="captures")
    files = models.JSONField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.device} {self.created_at:%Y-%m-%d %H:%M}"


class DeviceTransition(models.Model):
    """One step in a device's life: the history on the device page."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=DeviceState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=DeviceState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)  # in Dutch, or as staff typed it
    # A note of the system (inventory.history): its code and values, shown in the reader's
    # language; empty for a reason staff typed.
    note_code = models.CharField(max_length=40, blank=True)
    note_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.device}: {self.from_state} -> {self.to_state}"

    @property
    def note(self) -> str:
        """The step's note in the active language."""
        from digiketen.inventory import history

        return history.shown(self.note_code, self.note_params, self.reason)


class HubToken(models.Model):
    """A secret that lets digiketen-collect upload captures for the devices of one hub.
    Only its SHA-256 is stored; the token itself is shown once, when it is made."""

    hub = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("naam"), max_length=100)
    key_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)  # the last capture it uploaded

    class Meta:
        verbose_name = _("sleutel van een uitgiftepunt")
        verbose_name_plural = _("sleutels van uitgiftepunten")

    def __str__(self) -> str:
        return f"{self.hub}: {self.name}"


class DeviceTransfer(models.Model):
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="transfers")
    from_hub = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    to_hub = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.device}: {self.from_hub} -> {self.to_hub}"


class RecyclingShipment(models.Model):
    """Devices and parts handed to a recycler (WEEE chain)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recycler = models.CharField(_("recycler"), max_length=200)
    weight_kg = models.DecimalField(_("gewicht (kg)"), max_digits=8, decimal_places=1)
    weee_certificate = models.CharField(_("nummer WEEE-certificaat"), max_length=100, blank=True)
    shipped_on = models.DateField(_("verstuurd op"))
    devices = models.ManyToManyField(Device, related_name="shipments", verbose_name=_("apparaten"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-shipped_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight_kg__gt=0), name="shipment_weight_positive")
        ]

    def __str__(self) -> str:
        return f"{self.recycler} {self.shipped_on}"


class ImpactFactor(models.Model):
    """What one reused device avoids, per kind of device; the municipality names its source.
    One list for the whole municipality, changed by the coordinator (docs/decisions/0021)."""

    device_type = models.CharField(
        _("soort apparaat"), max_length=20, choices=DeviceType.choices, unique=True
    )
    ewaste_kg = models.DecimalField(_("e-waste vermeden (kg)"), max_digits=6, decimal_places=2)
    co2_kg = models.DecimalField(_("CO2 bespaard (kg)"), max_digits=7, decimal_places=1)
    source = models.CharField(_("bron"), max_length=300)
    source_en = models.CharField(_("bron in het Engels"), max_length=300, blank=True)

    class Meta:
        ordering = ["device_type"]

    def __str__(self) -> str:
        return self.get_device_type_display()

    @property
    def source_shown(self) -> str:
        """The source in the page's language, the Dutch one when no English is given."""
        from django.utils.translation import get_language

        return self.source_en if get_language() == "en" and self.source_en else self.source
