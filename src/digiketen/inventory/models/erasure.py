"""Erasure of storage media (NIST SP 800-88, IEEE 2883) and the certificate that proves it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digiketen.inventory.models.devices import Device, StorageMedium


class ErasureLevel(models.TextChoices):
    """NIST SP 800-88 Rev. 2 sanitisation levels."""

    CLEAR = "clear", _("Clear (overschrijven)")
    PURGE = "purge", _("Purge (volledig wissen)")
    DESTROY = "destroy", _("Destroy (vernietigen)")


class ErasureMethod(models.TextChoices):
    """IEEE 2883 techniques."""

    OVERWRITE = "overwrite", _("Overschrijven")
    ATA_SECURE_ERASE = "ata_secure_erase", _("ATA Secure Erase")
    NVME_SANITIZE = "nvme_sanitize", _("NVMe Sanitize")
    NVME_FORMAT = "nvme_format", _("NVMe Format (met wissen)")
    CRYPTO_ERASE = "crypto_erase", _("Cryptografisch wissen")
    SHRED = "shred", _("Fysiek vernietigen (shredden)")


class ErasureOutcome(models.TextChoices):
    ERASED = "erased", _("Gewist")
    ERASED_WITH_EXCEPTIONS = "erased_with_exceptions", _("Gewist met uitzonderingen")
    NOT_ERASED = "not_erased", _("Niet gewist")


class ErasureRecord(models.Model):
    medium = models.ForeignKey(StorageMedium, on_delete=models.PROTECT, related_name="erasures")
    level = models.CharField(_("niveau (NIST 800-88)"), max_length=10, choices=ErasureLevel.choices)
    method = models.CharField(
        _("methode (IEEE 2883)"), max_length=20, choices=ErasureMethod.choices
    )
    tool = models.CharField(_("programma"), max_length=100, blank=True)
    tool_version = models.CharField(_("versie"), max_length=50, blank=True)
    started_at = models.DateTimeField(_("begonnen"))
    ended_at = models.DateTimeField(_("klaar"))
    passes = models.PositiveSmallIntegerField(_("aantal rondes"), default=1)
    verification_method = models.CharField(_("hoe gecontroleerd"), max_length=200, blank=True)
    verification_passed = models.BooleanField(_("controle geslaagd"))
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=ErasureOutcome.choices)
    evidence = models.TextField(_("logboek"), blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gedaan door"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")),
                name="erasure_ends_after_start",
                violation_error_message=_("Het einde moet na het begin liggen."),
            ),
            # Four eyes: who erased may not approve their own work.
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | ~Q(verified_by=models.F("operator")),
                name="erasure_verified_by_someone_else",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.medium}: {self.get_outcome_display()}"

    @property
    def accepted(self) -> bool:
        """Counts for release: signed off, verified, and erased (or the medium destroyed)."""
        return (
            self.verified_by_id is not None
            and self.verification_passed
            and (self.outcome == ErasureOutcome.ERASED or self.level == ErasureLevel.DESTROY)
        )


class ErasureCertificate(models.Model):
    """Proof that every storage medium of a device was sanitised. Immutable once issued: the
    details are frozen in `content`, and `sha256` is the hash of that content."""

    number = models.CharField(_("certificaatnummer"), max_length=32, unique=True)
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="certificates")
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("wiscertificaat")
        verbose_name_plural = _("wiscertificaten")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.number])
