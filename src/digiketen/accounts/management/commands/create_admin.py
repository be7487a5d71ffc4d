import getpass
import sys

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from digiketen.accounts.models import Membership, User
from digiketen.accounts.roles import Role
from digiketen.core import audit
from digiketen.organisations.models import Organisation, OrganisationType


class Command(BaseCommand):
    help = (
        "Create the municipality organisation (if needed) and a system administrator in it. "
        "Asks for the password, or reads it from standard input when that is not a terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="e.g. 'Gemeente Maastricht'")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args, municipality, username, email, **options):
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"User {username!r} exists already.")
        user = User(username=username, email=email)
        password = self._read_password()
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            organisation, _ = Organisation.objects.update_or_create(
                name=municipality,
                # Also the way back in when the municipality was switched off by mistake.
                defaults={"is_active": True},
                create_defaults={"type": OrganisationType.MUNICIPALITY, "is_active": True},
            )
            user.set_password(password)
            user.save()
            Membership.objects.create(user=user, organisation=organisation, role=Role.SYSTEM_ADMIN)
            audit.record(
                "user.created",
                actor_label="manage.py create_admin",
                subject=user,
                organisation=organisation,
                after={"username": username, "role": Role.SYSTEM_ADMIN},
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"System administrator {username} created in {organisation}. "
                "Two-factor authentication is set up at the first login."
            )
        )

    def _read_password(self) -> str:
        if not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first
