from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digiketen.applications.models.application import Application


class PaidBy(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    FUND = "fund", _("Fonds")
    PROVIDER = "provider", _("Aanbieder (sociaal tarief)")
    RESIDENT = "resident", _("Inwoner zelf")


class InternetProvision(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="internet_provisions"
    )
    provider = models.CharField(_("aanbieder"), max_length=100)
    product = models.CharField(_("abonnement"), max_length=150)
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    monthly_cost_cents = models.PositiveIntegerField(_("kosten per maand (centen)"))
    paid_by = models.CharField(_("wie betaalt"), max_length=15, choices=PaidBy.choices)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="internet_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.product}"
