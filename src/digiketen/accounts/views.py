import math
from base64 import b32encode
from datetime import timedelta

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from digiketen import permissions
from digiketen.accounts import selectors, services
from digiketen.accounts.backends import account_backoff, find_user
from digiketen.accounts.forms import (
    LoginForm,
    NewUserForm,
    PasswordResetRequestForm,
    RoleForm,
    TokenForm,
    UserForm,
)
from digiketen.accounts.middleware import two_factor_exempt
from digiketen.accounts.models import Membership
from digiketen.accounts.qr import qr_svg
from digiketen.core import audit, ratelimit
from digiketen.organisations.models import Organisation
from digiketen.permissions import Perm

NEXT_SESSION_KEY = "login_next"
RECOVERY_SESSION_KEY = "new_recovery_codes"


def _safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@method_decorator(two_factor_exempt, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = False

    def post(self, request, *args, **kwargs):
        # Refused before the password is checked, so a waiting guesser learns nothing.
        self.backoff = account_backoff(request.POST.get("username", "")[:150])
        if wait := self.backoff.wait():
            return _locked_out_page(request, wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        self.backoff.succeeded()
        audit.record("auth.login", actor=user, subject=user)
        if selectors.needs_second_factor(user):
            next_url = _safe_next(self.request, self.get_redirect_url())
            if next_url:
                self.request.session[NEXT_SESSION_KEY] = next_url
            return redirect("accounts:two-factor")
        return response

    def form_invalid(self, form):
        # A wrong password counts against the account; an attempt the address lockout refused
        # was not checked, so it does not.
        if form.has_error(NON_FIELD_ERRORS, "invalid_login") and not getattr(
            self.request, "axes_locked_out", False
        ):
            self.backoff.failed()
        typed = form.data.get("username", "")[:150]
        user = find_user(typed.strip())
        audit.record("auth.login_failed", actor=user, actor_label=typed, subject=user)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = settings.DEMO_MODE
        context["demo_code"] = settings.DEMO_OTP_CODE
        return context


def locked_out(request, response=None, credentials=None):
    return _locked_out_page(request, get_cool_off(request) or timedelta(0))


def _locked_out_page(request, wait: timedelta):
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@require_safe
@two_factor_exempt
@login_required
def two_factor(request):
    """Send the user to the right second step: verify a code, or set up an authenticator."""
    if request.user.is_verified():
        return redirect(_after_login_url(request))
    if selectors.has_confirmed_device(request.user):
        return redirect("accounts:otp-verify")
    return redirect("accounts:otp-enrol")


def _after_login_url(request) -> str:
    return request.session.pop(NEXT_SESSION_KEY, None) or reverse(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@login_required
@never_cache
def otp_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_after_login_url(request))
    if not selectors.has_confirmed_device(user):
        return redirect("accounts:otp-enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        device = match_token(user, token)
        if device is None and settings.DEMO_MODE and token == settings.DEMO_OTP_CODE:
            device = next(iter(devices_for_user(user, confirmed=True)), None)
        if device is not None:
            otp_login(request, device)
            audit.record("auth.2fa_passed", actor=user, subject=user)
            return redirect(_after_login_url(request))
        audit.record("auth.2fa_failed", actor=user, subject=user)
        form.add_error(
            "token",
            _("Deze code klopt niet of is verlopen. Wacht even en probeer de nieuwste code."),
        )
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "demo_code": settings.DEMO_OTP_CODE if settings.DEMO_MODE else None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@login_required
@never_cache
def otp_enrol(request):
    user = request.user
    if selectors.has_confirmed_device(user) and not user.is_verified():
        # Replacing an authenticator (or adding one) needs the current second factor first.
        return redirect("accounts:otp-verify")
    device = services.start_totp_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            request.session[RECOVERY_SESSION_KEY] = codes
            return redirect("accounts:recovery-codes")
        form.add_error(
            "token",
            _(
                "Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat. "
                "Probeer het dan opnieuw."
            ),
        )
    key = b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg(
                device.config_url, label=_("QR-code om te scannen met uw authenticator-app")
            ),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        },
    )


@require_safe
@login_required
@never_cache
def recovery_codes(request):
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if codes is None:
        return redirect("accounts:account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
@login_required
def regenerate_recovery_codes(request):
    try:
        codes = services.regenerate_recovery_codes(user=request.user)
    except PermissionDenied:
        messages.error(request, _("Stel eerst de authenticator-app in."))
        return redirect("accounts:account")
    request.session[RECOVERY_SESSION_KEY] = codes
    return redirect("accounts:recovery-codes")


@require_safe
@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "has_totp": selectors.has_totp(request.user),
            "memberships": request.user.memberships.select_related("organisation"),
        },
    )


@method_decorator(two_factor_exempt, name="dispatch")
class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.record("auth.logout", actor=request.user, subject=request.user)
        return super().post(request, *args, **kwargs)


@method_decorator(two_factor_exempt, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The same answer, after the same work, for a known and an unknown address: the request
    only queues a task. Limited per visitor address and per typed e-mail address."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        if not services.request_password_reset(
            email=form.cleaned_data["email"], address=ratelimit.client_address(self.request)
        ):
            form.add_error(
                None,
                _(
                    "Er is al vaak een nieuw wachtwoord gevraagd. Kijk in uw e-mail, ook bij "
                    "ongewenste e-mail. Of probeer het over een uur opnieuw."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return redirect(self.get_success_url())


@method_decorator(two_factor_exempt, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("auth.password_reset", actor=form.user, subject=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("auth.password_changed", actor=self.request.user, subject=self.request.user)
        messages.success(self.request, _("Uw wachtwoord is gewijzigd."))
        return response


# User management -------------------------------------------------------------------------


def _managed_organisations(user):
    return permissions.scope_queryset(
        user, Perm.MANAGE_USERS, Organisation.objects.filter(is_active=True), "pk"
    )


@require_safe
@permissions.require_perm(Perm.MANAGE_USERS)
def user_list(request):
    users = selectors.manageable_users(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        users = selectors.search_users(users, query)
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query})


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.MANAGE_USERS)
def user_create(request):
    form = NewUserForm(
        request.POST or None,
        organisations=_managed_organisations(request.user),
        roles=permissions.grantable_roles(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                role=data["role"],
            )
        except services.DuplicateAccount:
            form.add_error(None, _("Deze gebruikersnaam of dit e-mailadres is al in gebruik."))
            return render(request, "accounts/user_form.html", {"form": form, "creating": True})
        messages.success(
            request,
            _("Account aangemaakt. %(name)s krijgt een e-mail om een wachtwoord te kiezen.")
            % {"name": user},
        )
        return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@require_safe
@permissions.require_perm(Perm.MANAGE_USERS)
def user_detail(request, pk):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    managed = _managed_organisations(request.user)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "memberships": user.memberships.all(),
            "managed_ids": set(managed.values_list("pk", flat=True)),
            "role_form": RoleForm(
                organisations=managed, roles=permissions.grantable_roles(request.user)
            ),
            "grantable": set(permissions.grantable_roles(request.user)),
            "may_edit": permissions.may_edit_user(request.user, user),
            "has_totp": selectors.has_totp(user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.MANAGE_USERS)
def user_update(request, pk):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    if not permissions.may_edit_user(request.user, user):
        raise PermissionDenied
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(actor=request.user, user=user, data=form.cleaned_data)
        except services.DuplicateAccount:
            form.add_error(None, _("Deze gebruikersnaam of dit e-mailadres is al in gebruik."))
        except PermissionDenied:
            form.add_error("is_active", _("U kunt uw eigen account niet uitschakelen."))
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": user})


@require_POST
@permissions.require_perm(Perm.MANAGE_USERS)
def role_add(request, pk):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    form = RoleForm(
        request.POST,
        organisations=_managed_organisations(request.user),
        roles=permissions.grantable_roles(request.user),
    )
    if form.is_valid():
        try:
            services.add_role(
                actor=request.user,
                user=user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("De rol is toegevoegd."))
        except services.DuplicateRole:
            messages.info(request, _("Deze gebruiker had deze rol al."))
    else:
        messages.error(request, _("Kies een organisatie en een rol."))
    return redirect("accounts:user-detail", pk=user.pk)


@require_POST
@permissions.require_perm(Perm.MANAGE_USERS)
def role_remove(request, pk, membership_pk):
    user = get_object_or_404(selectors.manageable_users(request.user), pk=pk)
    membership = get_object_or_404(
        Membership.objects.filter(
            user=user, organisation__in=_managed_organisations(request.user)
        ).select_related("organisation", "user"),
        pk=membership_pk,
    )
    try:
        services.remove_role(actor=request.user, membership=membership)
        messages.success(request, _("De rol is ingetrokken."))
    except PermissionDenied:
        messages.error(request, _("Deze rol kunt u niet intrekken."))
    return redirect("accounts:user-detail", pk=user.pk)
