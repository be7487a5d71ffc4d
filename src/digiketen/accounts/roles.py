from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Regisseur gemeente")
    HUB_STAFF = "hub_staff", _("Medewerker uitgiftepunt")
    TECHNICIAN_SUPERVISOR = "technician_supervisor", _("Begeleider technici")
    TECHNICIAN_TRAINEE = "technician_trainee", _("Leerling-technicus")
    HELP_POINT_STAFF = "help_point_staff", _("Medewerker informatiepunt")
    COURSE_COORDINATOR = "course_coordinator", _("Cursuscoördinator")
    BUDDY_COORDINATOR = "buddy_coordinator", _("Coördinator maatjes")
    PARTNER_PROFESSIONAL = "partner_professional", _("Professional bij een partner")
    ORGANISATION_ADMIN = "organisation_admin", _("Beheerder organisatie")
    SYSTEM_ADMIN = "system_admin", _("Technisch beheerder")
