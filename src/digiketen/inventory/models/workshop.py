"""The trainees' workshop: each cyberbank's refurbishment checklist, work logs and skills."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digiketen.core.models import NamedInTwoLanguages
from digiketen.inventory.models.devices import Device, DeviceType
from digiketen.organisations.models import Organisation


class RefurbishTask(NamedInTwoLanguages):
    """One step of a cyberbank's refurbishment checklist for a kind of device (each cyberbank
    edits its own copy of the defaults in codelists.py)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="refurbish_tasks"
    )
    device_type = models.CharField(_("soort apparaat"), max_length=20, choices=DeviceType.choices)
    name = models.CharField(_("taak"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["device_type", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "device_type", "name"],
                name="refurbish_task_unique",
                violation_error_message=_("Deze taak staat al in de lijst."),
            )
        ]

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class WorkLog(models.Model):
    """Work a trainee (or supervisor) did on a device."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="work_logs")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_logs"
    )
    task = models.ForeignKey(
        RefurbishTask, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("taak")
    )
    minutes = models.PositiveSmallIntegerField(_("minuten"))
    parts_used = models.CharField(_("gebruikte onderdelen"), max_length=200, blank=True)
    notes = models.CharField(_("opmerking"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["worker", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=600),
                name="work_log_minutes_sensible",
                violation_error_message=_("Vul tussen 1 en 600 minuten in."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.device} {self.task or ''} {self.minutes} min"


class Skill(NamedInTwoLanguages):
    """A skill a trainee of this cyberbank can show (its own copy of the defaults)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(_("vaardigheid"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="skill_unique",
                violation_error_message=_("Deze vaardigheid staat al in de lijst."),
            )
        ]

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class TraineeSkill(models.Model):
    """A supervisor signed off that a trainee masters a skill."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trainee", "skill"], name="trainee_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.trainee}: {self.skill}"
