from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from digiketen.accounts.selectors import signed_in_user
from digiketen.core import ratelimit


def find_user(identifier: str):
    """The user whose username or e-mail address is `identifier` (case-insensitive), or None."""
    if not identifier:
        return None
    # Usernames never contain "@", so what was typed is either an e-mail address or a username.
    lookup = "email__iexact" if "@" in identifier else "username__iexact"
    return get_user_model().objects.filter(**{lookup: identifier}).first()


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user((username or "").strip())
        if user is None:
            # Run the hasher anyway so timing does not reveal whether the account exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """ModelBackend's get_user, with the memberships and TOTP devices in the same query."""
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def axes_username(request, credentials) -> str:
    """Count failures per account, whether it was typed as username or e-mail address."""
    typed = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    return account_name(typed)


def account_name(typed: str) -> str:
    user = find_user(typed.strip())
    return user.username.lower() if user is not None else typed.strip().lower()


def account_backoff(typed: str) -> ratelimit.Backoff:
    """The lockout per account, from every address together. django-axes locks a username
    for one address after LOGIN_FAILURE_LIMIT failures; a guesser with many addresses gets
    fresh tries at each, so the account itself slows down too: after twice that many
    failures in a row from anywhere, each try waits 1 minute, then 2, 4 ... up to an hour.
    Slower than the address lockout, so a colleague mistyping elsewhere is hardly hindered and
    a guesser gets a few dozen tries a day instead of thousands."""
    return ratelimit.Backoff(
        "login-account",
        account_name(typed),
        free=2 * settings.AXES_FAILURE_LIMIT,
        first=timedelta(minutes=1),
        longest=timedelta(hours=1),
    )
