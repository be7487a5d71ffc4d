from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digiketen.applications.models.application import Application, ContactChannel
from digiketen.organisations.models import Organisation


class NotificationKind(models.TextChoices):
    RECEIVED = "received", _("Aanvraag ontvangen")
    WAITING = "waiting", _("Op de wachtlijst")
    APPROVED = "approved", _("Toegekend")
    REJECTED = "rejected", _("Afgewezen")
    INVITED = "invited", _("Uitnodiging om op te halen")
    SCHEDULED = "scheduled", _("Afspraak bevestigd")
    REMINDER = "reminder", _("Herinnering afspraak")
    MISSED = "missed", _("Niet gekomen")
    REQUEUED = "requeued", _("Terug op de wachtlijst")
    RELEASED = "released", _("Laptop toch niet beschikbaar")
    CLOSED = "closed", _("Aanvraag gesloten")


class Delivery(models.TextChoices):
    PENDING = "pending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    TO_DO = "to_do", _("Door medewerker te doen")  # a letter to print or a call to make
    DONE = "done", _("Gedaan door medewerker")


class Notification(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    channel = models.CharField(max_length=10, choices=ContactChannel.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["delivery", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} ({self.get_channel_display()})"

    @property
    def audit_organisation(self) -> Organisation:
        return self.application.organisation
