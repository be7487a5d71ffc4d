"""Sign-up for a course from a help point visit or a laptop handout: the helper fills in the
resident's wish, consent and contact; the request goes to `request_place` like any other,
and the visit or the handout page shows it was followed up."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from digiketen.applications import selectors as applications
from digiketen.core import once
from digiketen.core.models import Channel
from digiketen.helpdesk import selectors as helpdesk
from digiketen.learning import forms_courses as forms
from digiketen.learning.models import EnrolmentSource
from digiketen.learning.selectors import courses as selectors
from digiketen.learning.services import courses as services
from digiketen.permissions import Perm, require_perm


def _pass_on(request, *, back: str, initial: dict, source: str, link: dict, title: str):
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    form = forms.PassOnForm(
        request.POST or None,
        initial=initial,
        programmes=selectors.public_programmes(),
        locations=selectors.public_locations(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def ask():
            services.request_place(
                programme=data["programme"],
                data=data,
                locations=data["locations"],
                days=data["days"],
                source=source,
                actor=request.user,
                **link,
            )
            return back

        url = once.run(key, ask, checked=True)
        messages.success(request, _("De aanmelding voor de cursus is doorgegeven."))
        return redirect(url)
    return render(
        request,
        "learning/courses/pass_on.html",
        {"form": form, "once": key, "back": back, "title": title},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm(Perm.REGISTER_HELP)
def from_visit(request, pk):
    contact = get_object_or_404(helpdesk.registered_visits(user=request.user), pk=pk)
    back = reverse("helpdesk:contact-detail", args=[contact.pk])
    if contact.course_requests.exists():
        return redirect(back)
    return _pass_on(
        request,
        back=back,
        initial={},
        source=EnrolmentSource.HELP_POINT,
        link={"help_contact": contact},
        title=_("Cursus voor de bezoeker"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm(Perm.HANDLE_APPLICATIONS)
def from_handover(request, pk):
    application = get_object_or_404(
        applications.handled_applications(user=request.user).select_related("handover"),
        handover__pk=pk,
    )
    handover = application.handover
    back = reverse("applications:handover-done", args=[application.pk])
    if handover.course_requests.exists():
        return redirect(back)
    reach_by = application.contact_by if application.contact_by in Channel.values else ""
    initial = {
        "name": f"{application.first_name} {application.last_name}",
        "reach_by": reach_by,
        "phone": application.phone,
        "email": application.email,
        "address": f"{application.street} {application.house_number}\n"
        f"{application.postcode} {application.city}".strip(),
    }
    return _pass_on(
        request,
        back=back,
        initial=initial,
        source=EnrolmentSource.HANDOUT,
        link={"handover": handover},
        title=_("Cursus voor de inwoner met de laptop"),
    )


urlpatterns = [
    path("werkruimte/cursussen/vanuit-bezoek/<int:pk>", from_visit, name="from-visit"),
    path("werkruimte/cursussen/vanuit-uitgifte/<int:pk>", from_handover, name="from-handover"),
]
