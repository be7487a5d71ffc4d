from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_LABEL = TOTPDevice._meta.label_lower


class OTPMiddleware(otp.OTPMiddleware):
    """django-otp's middleware (request.user.otp_device, request.user.is_verified()), answering
    for a TOTP device from the ids of the user's confirmed TOTP devices that the user's own
    query brought (accounts.selectors.signed_in_user) instead of a query of its own. The rule is
    django-otp's: verified when the session names a confirmed device of this user; otherwise
    the session forgets the device. Any other device (a recovery code) goes django-otp's way."""

    def _verify_user_sync(self, request, user):
        confirmed = getattr(user, "confirmed_totp_ids", None)
        persistent_id = (
            request.session.get(DEVICE_ID_SESSION_KEY) if user.is_authenticated else None
        )
        device_id = _totp_id(self._normalize_persistent_id(persistent_id or ""))
        if confirmed is None or device_id is None:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        if device_id in confirmed:
            # Confirmed and this user's, checked by the query; read only if someone looks at it.
            user.otp_device = SimpleLazyObject(lambda: TOTPDevice.objects.get(pk=device_id))
        else:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user


def _totp_id(persistent_id: str) -> int | None:
    """The id in "otp_totp.totpdevice/12", None for another kind of device."""
    label, _, device_id = persistent_id.rpartition("/")
    return int(device_id) if label == TOTP_LABEL and device_id.isdecimal() else None


def two_factor_exempt(view):
    """Mark a view that a password-only session may open (public pages, the 2FA steps)."""
    view.two_factor_exempt = True
    return view


class TwoFactorRequiredMiddleware:
    """Send a logged-in user who still owes a second factor to the 2FA step.

    Applies to every view not marked with `two_factor_exempt`, so a new staff page is
    protected without anyone remembering to do so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if getattr(view_func, "two_factor_exempt", False) or not user.is_authenticated:
            return None
        if user.is_verified():
            return None
        from digiketen.accounts.selectors import needs_second_factor

        if needs_second_factor(user):
            return redirect("accounts:two-factor")
        return None
