"""State changes for users, roles and second factors. Each writes an audit event."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen import permissions
from digiketen.accounts import password_mail, selectors
from digiketen.accounts.models import Membership, User
from digiketen.accounts.roles import Role
from digiketen.core import audit, ratelimit
from digiketen.core.errors import Conflict
from digiketen.permissions import Perm

# Password-reset requests per visitor address and per typed e-mail address: enough for a
# mistyped address or a mail in the spam folder, too few to flood an inbox (the outbox's daily
# e-mail cap per recipient also counts each mail).
RESET_LIMITS = (
    ("reset-address", 10, timedelta(hours=1)),
    ("reset-email", 3, timedelta(hours=1)),
)
USER_AUDIT_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]
RECOVERY_CODE_COUNT = 10


class DuplicateRole(Conflict):
    """The user already holds this role in this organisation."""


class DuplicateAccount(Conflict):
    """Another account has this username or e-mail address."""


def _save_account(user: User) -> None:
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise DuplicateAccount from exc


def _require(actor: User, perm: Perm, obj=None) -> None:
    if not permissions.has_perm(actor, perm, obj):
        raise PermissionDenied


@transaction.atomic
def create_user(
    *,
    actor: User,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    organisation,
    role: Role,
    password: str | None = None,
) -> User:
    """Create an account with its first role. Without a password the user gets an e-mail
    (once this commits) with a link to choose one."""
    _require(actor, Perm.MANAGE_USERS, organisation)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _save_account(user)
    audit.record(
        "user.created",
        actor=actor,
        subject=user,
        organisation=organisation,
        after=audit.snapshot(user, USER_AUDIT_FIELDS),
    )
    add_role(actor=actor, user=user, organisation=organisation, role=role)
    if not password:
        password_mail.queue(email=user.email, kind=password_mail.INVITATION)
    return user


@transaction.atomic
def update_user(*, actor: User, user: User, data: dict) -> User:
    if not permissions.may_edit_user(actor, user):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user, USER_AUDIT_FIELDS)
    for field in USER_AUDIT_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    if user.pk == actor.pk and not user.is_active:
        raise PermissionDenied("You cannot deactivate your own account.")
    _save_account(user)
    after = audit.snapshot(user, USER_AUDIT_FIELDS)
    if before != after:
        audit.record(
            "user.updated",
            actor=actor,
            subject=user,
            organisation=_organisation_for_event(actor, user),
            before=before,
            after=after,
        )
    return user


def _organisation_for_event(actor: User, user: User):
    """An organisation the event belongs to, so that organisation's admins can read it."""
    allowed = permissions.organisation_ids(actor, Perm.MANAGE_USERS)
    memberships = user.memberships.select_related("organisation").order_by("pk")
    if allowed is not None:
        memberships = memberships.filter(organisation__in=allowed)
    first = memberships.first()
    return first.organisation if first else None


@transaction.atomic
def add_role(*, actor: User, user: User, organisation, role: Role) -> Membership:
    _require(actor, Perm.MANAGE_USERS, organisation)
    if role not in permissions.grantable_roles(actor):
        raise PermissionDenied
    if (
        user.memberships.exists()
        and not selectors.manageable_users(actor).filter(pk=user.pk).exists()
    ):
        raise PermissionDenied
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    except IntegrityError as exc:
        raise DuplicateRole from exc
    audit.record(
        "user.role_added",
        actor=actor,
        subject=user,
        organisation=organisation,
        after={"organisation": str(organisation), "role": role},
    )
    return membership


@transaction.atomic
def remove_role(*, actor: User, membership: Membership) -> None:
    _require(actor, Perm.MANAGE_USERS, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role not in permissions.grantable_roles(actor):
        raise PermissionDenied
    if membership.user_id == actor.pk and membership.role in (
        Role.SYSTEM_ADMIN,
        Role.ORGANISATION_ADMIN,
    ):
        # An administrator who removes their own admin role can lock everyone out.
        raise PermissionDenied("You cannot remove your own administrator role.")
    audit.record(
        "user.role_removed",
        actor=actor,
        subject=membership.user,
        organisation=membership.organisation,
        before={"organisation": str(membership.organisation), "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once so a reload shows the same QR code."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


@transaction.atomic
def confirm_totp(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code. Returns new recovery codes, or None when
    the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(token):
        audit.record("auth.2fa_setup_failed", actor=user, subject=user)
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record("auth.2fa_enabled", actor=user, subject=user)
    return _replace_recovery_codes(user)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """New recovery codes; only for users with an authenticator app (codes replace it)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied("Set up an authenticator app first.")
    codes = _replace_recovery_codes(user)
    audit.record("auth.recovery_codes_renewed", actor=user, subject=user)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    # Keep the device itself: a session verified with a recovery code stays verified.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def request_password_reset(*, email: str, address: str) -> bool:
    """Queue the reset mail for `email`, the same for a known and an unknown address (the task
    looks the account up), so neither the answer nor its timing tells which it is. False,
    queueing nothing, when this visitor `address` or this e-mail address asked too often."""
    email = email.strip().lower()
    identities = {"reset-address": address, "reset-email": email}
    if not ratelimit.hit_all(
        *(
            ratelimit.Limit(scope, identities[scope], limit, window)
            for scope, limit, window in RESET_LIMITS
        )
    ):
        return False
    password_mail.queue(email=email)
    return True
