"""The demo accounts: one per role, all with the same password, at the demo organisations."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen import permissions
from digiketen.accounts.models import Membership, User
from digiketen.accounts.roles import Role
from digiketen.organisations import demo as organisations_demo

DEPENDS_ON = ("organisations",)

DEMO_PASSWORD = "Digiketen-demo-2026"  # noqa: S105 - printed on purpose, demo mode only

USERS = [
    ("regisseur", "Rianne", "Regisseur", "gemeente", Role.COORDINATOR),
    ("beheerder", "Bas", "Beheer", "gemeente", Role.SYSTEM_ADMIN),
    ("orgbeheerder", "Olga", "Bibliotheekbeheer", "bibliotheek", Role.ORGANISATION_ADMIN),
    ("uitgifte", "Umut", "Uitgifte", "cyberbank", Role.HUB_STAFF),
    ("begeleider", "Bram", "Begeleider", "cyberbank", Role.TECHNICIAN_SUPERVISOR),
    ("leerling", "Lars", "Leerling", "cyberbank", Role.TECHNICIAN_TRAINEE),
    ("informatiepunt", "Ingrid", "Informatiepunt", "bibliotheek", Role.HELP_POINT_STAFF),
    ("cursus", "Carla", "Cursus", "bibliotheek", Role.COURSE_COORDINATOR),
    ("maatjes", "Mo", "Maatjes", "trajekt", Role.BUDDY_COORDINATOR),
    ("partner", "Petra", "Partner", "maatschappelijk", Role.PARTNER_PROFESSIONAL),
]


def seed() -> None:
    for username, first, last, org, role in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            organisation = organisations_demo.organisation(org)
            Membership.objects.create(user=user, organisation=organisation, role=role)
        if permissions.needs_second_factor(role):
            # A confirmed authenticator, so login asks for a code; the demo code passes. Also
            # for an existing account, when its role came to need the second factor.
            TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "demo"})


def summary() -> list[str]:
    """The demo accounts with the password and the 2FA code, for the console."""
    return [
        f"Demo accounts (password for all: {DEMO_PASSWORD}, 2FA code: {settings.DEMO_OTP_CODE}):",
        *(
            f"  {username:<16} {Role(role).label} — {organisations_demo.ORGANISATIONS[org][0]}"
            for username, _first, _last, org, role in USERS
        ),
    ]
