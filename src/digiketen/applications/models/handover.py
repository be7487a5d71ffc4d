from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digiketen.applications.models.application import Application
from digiketen.applications.models.policy import HandoutForm
from digiketen.organisations.models import Location


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
