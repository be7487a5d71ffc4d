"""What the cyberbank tells a resident. The messages themselves are core.Message rows about
the application (see applications.notifications and core.outbox)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from digiketen.core import models as core_models


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
    RETURNED = "returned", _("Apparaat teruggebracht")


# Delivery states live in core's outbox, with every other domain's messages.
Delivery = core_models.Delivery
