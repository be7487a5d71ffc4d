from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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


def axes_username(request, credentials) -> str:
    """Count failures per account, whether it was typed as username or e-mail address."""
    typed = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    user = find_user(typed)
    return user.username.lower() if user is not None else typed.lower()
