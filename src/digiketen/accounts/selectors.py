from django.db.models import Prefetch, Q, QuerySet
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen import permissions
from digiketen.accounts.models import Membership, User
from digiketen.permissions import Perm


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
