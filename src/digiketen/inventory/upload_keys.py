"""The workspace page for the hubs' upload keys of digiketen-collect: make one (the key is
shown once), see each key's name and use, revoke one. Kept apart from views.py, which holds
the device pages."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from digiketen import permissions
from digiketen.core import once
from digiketen.core.errors import Refused
from digiketen.inventory import selectors, services
from digiketen.permissions import Perm

# The new key waits in the session for the one page that shows it, never in a URL or a log.
NEW_KEY = "inventory.new_upload_key"


class UploadKeyForm(forms.Form):
    hub = forms.ModelChoiceField(label=gettext_lazy("Uitgiftepunt"), queryset=None)
    name = forms.CharField(
        label=gettext_lazy("Naam van de sleutel"),
        max_length=100,
        help_text=gettext_lazy("Waar hij op staat, bijvoorbeeld 'USB-stick werkplaats 1'."),
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.fields["hub"].error_messages["required"] = _("Kies het uitgiftepunt.")
        self.fields["name"].error_messages["required"] = _("Geef de sleutel een naam.")
        if len(hubs) == 1:
            self.fields["hub"].initial = hubs[0].pk


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.SUPERVISE_DEVICES)
@never_cache
def upload_keys(request):
    hubs = selectors.upload_key_hubs(user=request.user)
    form = UploadKeyForm(request.POST or None, hubs=hubs)
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)  # sent twice: one key, shown once
    if request.method == "POST" and form.is_valid():

        def make() -> str:
            token, secret = services.create_hub_token(
                actor=request.user, hub=form.cleaned_data["hub"], name=form.cleaned_data["name"]
            )
            request.session[NEW_KEY] = {"id": token.pk, "secret": secret}
            return reverse("inventory:upload-keys")

        try:
            return redirect(once.run(key, make))
        except Refused as exc:
            form.add_error("name", str(exc))
    new_key = request.session.pop(NEW_KEY, None) if request.method != "POST" else None
    return render(
        request,
        "inventory/upload_keys.html",
        {
            "form": form,
            "once": key,
            "keys": selectors.upload_keys(user=request.user),
            "new_key": new_key,
        },
    )


@require_POST
@permissions.require_perm(Perm.SUPERVISE_DEVICES)
def upload_key_revoke(request, pk):
    token = get_object_or_404(selectors.upload_keys(user=request.user), pk=pk)
    if token.revoked_at is None:  # a second click finds it revoked: nothing more to do
        services.revoke_hub_token(actor=request.user, token_id=token.pk)
    messages.success(
        request,
        _("De sleutel '%(name)s' is ingetrokken. Hij werkt niet meer.") % {"name": token.name},
    )
    return redirect("inventory:upload-keys")
