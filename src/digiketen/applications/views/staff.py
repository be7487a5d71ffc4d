from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from digiketen import permissions
from digiketen.applications import selectors, services
from digiketen.applications.forms.applying import DeskApplicationForm, application_data
from digiketen.applications.models import (
    Application,
    Channel,
    Status,
)
from digiketen.applications.workflow import available_actions
from digiketen.core import audit, once
from digiketen.core.pagination import list_page
from digiketen.permissions import Perm

handles = permissions.require_perm(Perm.HANDLE_APPLICATIONS)


def handled_application(request, pk) -> Application:
    """An application the user handles, or 404. Every page that opens one shows the
    resident's name and details, so opening it is logged as a read."""
    application = get_object_or_404(selectors.handled_applications(user=request.user), pk=pk)
    audit.record("application.viewed", actor=request.user, subject=application)
    return application


class NoHub(Exception):
    """The user's organisation has no location that hands out devices yet."""


def chosen_hub(request):
    hubs = selectors.handout_hubs(user=request.user)
    chosen = request.GET.get("hub") or request.POST.get("hub")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        return get_object_or_404(hubs, pk=chosen), hubs
    hub = hubs.first()
    if hub is None:
        raise NoHub
    return hub, hubs


def hub_page(view):
    """A page about one hub; explains what to do when the organisation has none yet."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NoHub:
            return render(request, "applications/no_hub.html")

    return wrapped


@require_safe
@handles
def application_list(request):
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    applications = selectors.application_list(user=request.user, status=status, query=query)
    page = list_page(request, applications, 25)
    audit.record_shown("application.listed", actor=request.user, subjects=page.object_list)
    return render(
        request,
        "applications/application_list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "status": status,
            "q": query,
            "query_string": f"status={status}&q={query}",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def application_new(request):
    """An application typed in at the desk, on behalf of the resident."""
    hubs = selectors.handout_hubs(user=request.user)
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    form = DeskApplicationForm(request.POST or None, hubs=hubs)
    if request.method == "POST" and form.is_valid():
        url = once.run(
            key,
            lambda: services.submit_application(
                data=application_data(form.cleaned_data),
                channel=Channel.DESK,
                language=translation.get_language(),
                actor=request.user,
            ).get_absolute_url(),
        )
        messages.success(request, _("De aanvraag is opgeslagen."))
        return redirect(url)
    return render(request, "applications/application_new.html", {"form": form, "once": key})


@require_safe
@handles
def application_detail(request, pk):
    application = handled_application(request, pk)
    context = {
        "application": application,
        "actions": available_actions(application),
        "notifications": application.notifications.all(),
        "provisions": application.internet_provisions.all(),
        "transitions": application.transitions.all(),
        "handover": getattr(application, "handover", None),
        "need": selectors.describe(selectors.requirement(application)),
    }
    if application.status == Status.WAITING:
        context["place"], context["length"] = selectors.queue_position(application)
    return render(request, "applications/application_detail.html", context)


def run_step(request, application, form, action, success: str, template: str, extra=None):
    """Run a service for a valid form, once per form shown: a double click or a reload goes
    to the first result. A refusal shows above the form, and nothing typed is lost."""
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    if request.method == "POST" and form.is_valid():

        def run() -> str:
            result = action(form.cleaned_data)
            return result if isinstance(result, str) else application.get_absolute_url()

        try:
            url = once.run(key, run)
        except services.Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect(url)
    context = {"application": application, "form": form, "once": key, **(extra or {})}
    return render(request, template, context)
