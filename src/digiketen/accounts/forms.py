from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from digiketen.accounts.models import User
from digiketen.accounts.roles import Role


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Gebruikersnaam of e-mailadres"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord kennen wij niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is uitgeschakeld. Vraag uw beheerder om hulp."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("De 6 cijfers uit uw app, of een van uw herstelcodes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if "@" in username:
            raise forms.ValidationError(_("Een gebruikersnaam mag geen @ bevatten."))
        clash = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Deze gebruikersnaam is al in gebruik."))
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Dit e-mailadres hoort al bij een ander account."))
        return email


class RoleForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisatie"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Rol"))

    def __init__(self, *args, organisations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["role"].choices = [(role.value, role.label) for role in roles]


class NewUserForm(RoleForm, UserForm):
    """A new account with its first role; the user chooses a password via the e-mail link."""

    class Meta(UserForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]
