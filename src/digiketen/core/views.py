from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from digiketen import permissions
from digiketen.accounts.middleware import two_factor_exempt
from digiketen.accounts.qr import qr_svg
from digiketen.core import outbox, selectors, services
from digiketen.core.colours import CONTENT_SURFACES
from digiketen.core.forms import SiteConfigurationForm
from digiketen.core.models import Message, SiteConfiguration
from digiketen.core.pdf import render_pdf
from digiketen.organisations.models import Organisation
from digiketen.organisations.selectors import public_places
from digiketen.permissions import Perm

YEAR = 60 * 60 * 24 * 365


@require_safe
@two_factor_exempt
def home(request):
    return render(request, "core/home.html", {"places": public_places()})


@require_safe
@two_factor_exempt
def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@require_safe
@two_factor_exempt
def privacy_statement(request):
    return render(
        request,
        "core/privacy.html",
        {"retention_months": settings.APPLICATION_RETENTION_MONTHS},
    )


@two_factor_exempt
@require_GET
@cache_control(public=True, max_age=YEAR, immutable=True)
def theme_css(request):
    """The municipality's design-token values, and the surface colours the theme is checked
    against. The URL carries a version, so it caches forever."""
    context = {"config": SiteConfiguration.load(), "surfaces": CONTENT_SURFACES}
    return render(request, "core/theme.css", context, content_type="text/css")


@two_factor_exempt
@require_GET
@cache_control(public=True, max_age=YEAR, immutable=True)
def logo(request):
    config = SiteConfiguration.load()
    if not config.logo:
        raise Http404
    response = HttpResponse(bytes(config.logo), content_type=config.logo_content_type)
    # An uploaded SVG may hold script: never let it run, even when opened directly.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@login_required
def workspace(request):
    return render(
        request,
        "core/workspace.html",
        {
            "sections": permissions.sections_for(request.user),
            "memberships": request.user.memberships.select_related("organisation"),
        },
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Actie"), required=False)
    actor = forms.CharField(label=gettext_lazy("Door (naam)"), required=False, max_length=150)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"), queryset=Organisation.objects.none(), required=False
    )
    date_from = forms.DateField(
        label=gettext_lazy("Vanaf datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Tot en met datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, actions, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", gettext_lazy("Alle acties")), *actions]
        self.fields["organisation"].queryset = organisations


@require_safe
@permissions.require_perm(Perm.VIEW_AUDIT)
def audit_list(request):
    organisations = permissions.scope_queryset(
        request.user, Perm.VIEW_AUDIT, Organisation.objects.all(), "pk"
    )
    form = AuditFilterForm(
        request.GET or None,
        actions=selectors.audit_actions(user=request.user),
        organisations=organisations,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "query_string": query.urlencode()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.CONFIGURE_SITE)
def site_settings(request):
    config = SiteConfiguration.load()
    form = SiteConfigurationForm(request.POST or None, request.FILES or None, instance=config)
    if request.method == "POST" and form.is_valid():
        services.update_site_configuration(
            actor=request.user,
            data=form.cleaned_data,
            logo=form.cleaned_data.get("logo_upload"),
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        messages.success(request, _("De instellingen zijn opgeslagen."))
        return redirect("core:site-settings")
    return render(request, "core/site_settings.html", {"form": form, "config": config})


@require_safe
@permissions.require_perm(Perm.HANDLE_MESSAGES)
def to_do(request):
    page = Paginator(selectors.to_do(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/to_do.html", {"page": page})


# For a window envelope: the address where the window is (see the stylesheet).
LETTER_CSS = "digiketen/letter-print.css"


@require_safe
@permissions.require_perm(Perm.HANDLE_MESSAGES)
def letter_pdf(request, pk):
    try:
        message = outbox.open_letter(actor=request.user, message_id=pk)
    except Message.DoesNotExist:
        raise Http404 from None
    with translation.override(message.language):
        pdf = render_pdf(
            "core/letter_pdf.html",
            {
                "message": message,
                "LANGUAGE_CODE": message.language,
                "qr": qr_svg(message.link, label=_("QR-code")) if message.link else "",
            },
            stylesheet=LETTER_CSS,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brief-{message.pk}.pdf"'
    return response


@permissions.require_perm(Perm.HANDLE_MESSAGES)
@require_POST
def message_done(request, pk):
    try:
        outbox.mark_done(actor=request.user, message_id=pk)
    except Message.DoesNotExist:
        raise Http404 from None
    except outbox.IllegalTransition:
        messages.info(request, _("Dit was al gedaan."))
    else:
        messages.success(request, _("Gemarkeerd als gedaan."))
    return redirect("core:to-do")
