from django.db.models import FilteredRelation, Prefetch, Q, QuerySet
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen import permissions
from digiketen.accounts.models import Membership, User
from digiketen.permissions import Perm


def signed_in_user(user_id) -> User | None:
    """The signed-in user with what every staff request asks about them, in one query: their
    memberships (for their roles and grants) and the ids of their confirmed TOTP devices (for
    the second factor, accounts.middleware.OTPMiddleware). One row per membership and device,
    a handful; read anew on every request, so a removed role or device counts at once."""
    fields = [field.attname for field in User._meta.concrete_fields]
    rows = list(
        User.objects.filter(pk=user_id)
        .annotate(totp=FilteredRelation("totpdevice", condition=Q(totpdevice__confirmed=True)))
        .order_by()
        .values_list(
            *fields,
            "memberships__organisation_id",
            "memberships__role",
            "memberships__organisation__is_active",
            "totp__id",
        )
    )
    if not rows:
        return None
    user = User.from_db(User.objects.db, fields, rows[0][: len(fields)])
    memberships = {row[-4:-1] for row in rows if row[-4] is not None}
    user._role_set = frozenset(role for _org_id, role, _active in memberships)
    user.active_memberships = [(org_id, role) for org_id, role, active in memberships if active]
    user.confirmed_totp_ids = frozenset(row[-1] for row in rows if row[-1] is not None)
    return user


def has_confirmed_device(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def needs_second_factor(user: User) -> bool:
    """A user must pass 2FA when a role demands it or when they have set it up anyway."""
    return user.requires_two_factor or has_confirmed_device(user)


def has_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def manageable_users(actor: User) -> QuerySet[User]:
    """Users the actor may manage: members of organisations where the actor manages users."""
    allowed = permissions.organisation_ids(actor, Perm.MANAGE_USERS)
    users = User.objects.all()
    if allowed is not None:
        users = users.filter(memberships__organisation__in=allowed).distinct()
    return users.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
    )


def search_users(users: QuerySet[User], query: str) -> QuerySet[User]:
    return users.filter(
        Q(username__icontains=query)
        | Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
        | Q(email__icontains=query)
    )
