from django.contrib.auth import views as auth_views
from django.urls import path

from digiketen.accounts import views
from digiketen.accounts.middleware import two_factor_exempt

app_name = "accounts"

urlpatterns = [
    path("inloggen", views.LoginView.as_view(), name="login"),
    path("inloggen/tweede-stap", views.two_factor, name="two-factor"),
    path("inloggen/code", views.otp_verify, name="otp-verify"),
    path("uitloggen", views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "wachtwoord-vergeten/verstuurd",
        two_factor_exempt(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            )
        ),
        name="password-reset-done",
    ),
    path(
        "wachtwoord-kiezen/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord-kiezen/klaar",
        two_factor_exempt(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password-reset-complete",
    ),
    path("werkruimte/account", views.account, name="account"),
    path(
        "werkruimte/account/wachtwoord", views.PasswordChangeView.as_view(), name="password-change"
    ),
    path("werkruimte/account/tweestapsverificatie", views.otp_enrol, name="otp-enrol"),
    path("werkruimte/account/herstelcodes", views.recovery_codes, name="recovery-codes"),
    path(
        "werkruimte/account/herstelcodes/vernieuwen",
        views.regenerate_recovery_codes,
        name="recovery-codes-regenerate",
    ),
    path("werkruimte/gebruikers", views.user_list, name="user-list"),
    path("werkruimte/gebruikers/nieuw", views.user_create, name="user-create"),
    path("werkruimte/gebruikers/<int:pk>", views.user_detail, name="user-detail"),
    path("werkruimte/gebruikers/<int:pk>/bewerken", views.user_update, name="user-update"),
    path("werkruimte/gebruikers/<int:pk>/rollen", views.role_add, name="role-add"),
    path(
        "werkruimte/gebruikers/<int:pk>/rollen/<int:membership_pk>/intrekken",
        views.role_remove,
        name="role-remove",
    ),
]
