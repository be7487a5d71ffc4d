"""Course pages: staff (catalogue, intake, waiting list, attendance) and public (/cursussen)."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.core import audit, once, ratelimit
from digiketen.core.errors import Refused
from digiketen.core.pdf import render_pdf
from digiketen.core.workflow import By
from digiketen.learning import forms_courses as forms
from digiketen.learning.models import EnrolmentSource, EnrolmentStatus, EnrolmentStep
from digiketen.learning.selectors import courses as selectors
from digiketen.learning.services import courses as services
from digiketen.learning.views.courses_chain import urlpatterns as chain_urls
from digiketen.learning.workflow_courses import WORKFLOW
from digiketen.permissions import Perm, require_perm

manage = require_perm(Perm.MANAGE_COURSES)
S = EnrolmentStatus


# -- staff: catalogue --------------------------------------------------------------------


@require_safe
@manage
def programme_list(request):
    return render(
        request,
        "learning/courses/programme_list.html",
        {"programmes": selectors.programmes(user=request.user).order_by("name")},
    )


def _organisation(request):
    """The organisation a new programme belongs to: the coordinator's own."""
    from digiketen import permissions
    from digiketen.organisations.models import Organisation

    ids = permissions.organisation_ids(request.user, Perm.MANAGE_COURSES)
    organisations = Organisation.objects.order_by("pk")
    organisation = (organisations if ids is None else organisations.filter(pk__in=ids)).first()
    if organisation is None:
        raise Http404
    return organisation


@require_http_methods(["GET", "HEAD", "POST"])
@manage
def programme_edit(request, pk=None):
    programme = get_object_or_404(selectors.programmes(user=request.user), pk=pk) if pk else None
    form = forms.ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.save_programme(
                actor=request.user,
                organisation=programme.organisation if programme else _organisation(request),
                data=form.cleaned_data,
                programme=programme,
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("De cursus is opgeslagen."))
            return redirect(programme)
    return render(
        request, "learning/courses/programme_form.html", {"form": form, "programme": programme}
    )


@require_safe
@manage
def programme_detail(request, pk):
    programme = get_object_or_404(selectors.programmes(user=request.user), pk=pk)
    waiting = Paginator(selectors.waiting_list(programme=programme), 50).get_page(
        request.GET.get("p")
    )
    # Names on the waiting list were read: that is logged.
    audit.record(
        "learning.waiting_list_viewed",
        actor=request.user,
        subject=programme,
        after={"enrolments": [e.pk for e in waiting]},
    )
    return render(
        request,
        "learning/courses/programme_detail.html",
        {
            "programme": programme,
            "runs": selectors.runs_with_sessions(programme),
            "waiting": waiting,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@manage
def run_edit(request, programme_pk=None, pk=None):
    run = get_object_or_404(selectors.runs(user=request.user), pk=pk) if pk else None
    programme = (
        run.programme
        if run
        else get_object_or_404(selectors.programmes(user=request.user), pk=programme_pk)
    )
    form = forms.RunForm(
        request.POST or None,
        instance=run,
        locations=selectors.own_locations(user=request.user).filter(
            organisation=programme.organisation
        ),
    )
    if request.method == "POST" and form.is_valid():
        run = services.save_run(
            actor=request.user, programme=programme, data=form.cleaned_data, run=run
        )
        messages.success(request, _("De groep is opgeslagen."))
        return redirect(run)
    return render(request, "learning/courses/run_form.html", {"form": form, "programme": programme})


@require_http_methods(["GET", "HEAD", "POST"])
@manage
def run_detail(request, pk):
    run = get_object_or_404(selectors.runs(user=request.user), pk=pk)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_session(actor=request.user, run=run, **form.cleaned_data)
        messages.success(request, _("De les is toegevoegd."))
        return redirect(run)
    participants = list(selectors.run_participants(run=run))
    audit.record(
        "learning.participants_viewed",
        actor=request.user,
        subject=run,
        after={"enrolments": [e.pk for e in participants]},
    )
    return render(
        request,
        "learning/courses/run_detail.html",
        {
            "run": run,
            "sessions": run.sessions.all(),
            "participants": participants,
            "free": services.free_places(run),
            "form": form,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@manage
def attendance(request, pk):
    session = get_object_or_404(selectors.sessions(user=request.user), pk=pk)
    participants = list(
        session.run.enrolments.filter(status__in=[S.PLACED, S.COMPLETED]).order_by("name")
    )
    if request.method == "POST":
        present, reasons = forms.clean_attendance(request.POST, participants)
        services.record_attendance(
            actor=request.user, session_id=session.pk, present=present, reasons=reasons
        )
        messages.success(request, _("De aanwezigheid is opgeslagen."))
        return redirect(session.run)
    marked = {a.enrolment_id: a for a in session.attendance.all()}
    rows = [(e, marked.get(e.pk)) for e in participants]
    return render(request, "learning/courses/attendance.html", {"session": session, "rows": rows})


# -- staff: people -----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@manage
def desk_signup(request):
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    form = forms.SignUpForm(
        request.POST or None,
        programmes=selectors.programmes(user=request.user).filter(is_active=True),
        locations=selectors.own_locations(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        url = once.run(
            key,
            lambda: services.request_place(
                programme=data["programme"],
                data=data,
                locations=data["locations"],
                days=data["days"],
                source=EnrolmentSource.DESK,
                actor=request.user,
            ).get_absolute_url(),
        )
        messages.success(request, _("De aanmelding is opgeslagen."))
        return redirect(url)
    return render(request, "learning/courses/desk_signup.html", {"form": form, "once": key})


def _enrolment(request, pk):
    return get_object_or_404(selectors.enrolments(user=request.user), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@manage
def enrolment_detail(request, pk):
    enrolment = _enrolment(request, pk)
    intake = forms.IntakeForm(request.POST or None, instance=enrolment)
    if request.method == "POST" and intake.is_valid():
        services.record_intake(
            actor=request.user, enrolment_id=enrolment.pk, data=intake.cleaned_data
        )
        messages.success(request, _("De kennismaking is opgeslagen."))
        return redirect(enrolment)
    audit.record("learning.enrolment_viewed", actor=request.user, subject=enrolment)
    others = selectors.waiting_list(programme=enrolment.programme).filter(
        status=S.WAITING, queued_at__lt=enrolment.queued_at
    )
    return render(
        request,
        "learning/courses/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "intake": intake if enrolment.status == S.REQUESTED else None,
            "steps": WORKFLOW.allowed(enrolment, by=By.STAFF),
            "move_up": forms.MoveUpForm(others=others) if enrolment.status == S.WAITING else None,
            "drop_out": forms.DropOutForm(),
            "history": enrolment.history.all(),
            "attended": services.sessions_attended(enrolment),
        },
    )


@require_POST
@manage
def enrolment_step(request, pk, step):
    enrolment = _enrolment(request, pk)
    common = {"actor": request.user, "enrolment_id": enrolment.pk}
    if step == EnrolmentStep.ACCEPT:
        services.accept_offer(**common)
    elif step == EnrolmentStep.LEAVE:
        services.leave(**common)
    elif step == EnrolmentStep.COMPLETE:
        services.complete(**common)
    elif step == EnrolmentStep.DROP_OUT:
        form = forms.DropOutForm(request.POST)
        services.drop_out(**common, reason=form.data.get("reason", "") if form.is_valid() else "")
    elif step == "move_up":
        form = forms.MoveUpForm(
            request.POST, others=selectors.waiting_list(programme=enrolment.programme)
        )
        if not form.is_valid():
            raise Refused(_("Kies een persoon en schrijf de reden op."))
        services.move_up(
            **common, before_id=form.cleaned_data["before"].pk, reason=form.cleaned_data["reason"]
        )
    else:
        raise Http404
    messages.success(request, _("Opgeslagen."))
    return redirect(enrolment)


# -- public ------------------------------------------------------------------------------

SIGNUPS_PER_ADDRESS = 5
SIGNUP_WINDOW = timedelta(hours=1)


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def signup(request):
    """The public B1 form: no account, no JavaScript; a double submit makes one request."""
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    programmes = selectors.public_programmes()
    form = forms.SignUpForm(
        request.POST or None, programmes=programmes, locations=selectors.public_locations()
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(
            "course-signup",
            ratelimit.client_address(request),
            limit=SIGNUPS_PER_ADDRESS,
            window=SIGNUP_WINDOW,
        ):
            form.add_error(None, _("U heeft zich al vaak aangemeld. Probeer het later opnieuw."))
            status = 429
        else:
            data = form.cleaned_data
            url = once.run(
                key,
                lambda: services.request_place(
                    programme=data["programme"],
                    data=data,
                    locations=data["locations"],
                    days=data["days"],
                    source=EnrolmentSource.PUBLIC,
                ).get_resident_url(),
                checked=True,
            )
            messages.success(request, _("Bedankt! Wij hebben uw aanmelding."))
            return redirect(url)
    return render(
        request,
        "learning/courses/public/signup.html",
        {"form": form, "once": key, "programmes": programmes},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def my_place(request, token):
    """The person's own page (the link in every message): accept a seat, leave the list."""
    enrolment = get_object_or_404(selectors.by_token(token))
    if enrolment.status == S.OFFERED:
        services.expire_offers()  # an offer past its time passes on before it is shown
        enrolment.refresh_from_db()
    if request.method == "POST":
        step = request.POST.get("step")
        if step == EnrolmentStep.ACCEPT:
            services.accept_offer(enrolment_id=enrolment.pk)
            messages.success(request, _("U doet mee. Tot ziens bij de eerste les!"))
        elif step == EnrolmentStep.LEAVE:
            services.leave(enrolment_id=enrolment.pk)
            messages.success(request, _("U staat niet meer op de wachtlijst."))
        return redirect(enrolment.get_resident_url())
    return render(
        request,
        "learning/courses/public/my_place.html",
        {
            "enrolment": enrolment,
            "steps": WORKFLOW.allowed(enrolment, by=By.RESIDENT),
            "sessions": enrolment.run.sessions.all() if enrolment.run else [],
        },
    )


@require_safe
@two_factor_exempt
@never_cache
def certificate_pdf(request, token):
    enrolment = get_object_or_404(selectors.by_token(token), status=S.COMPLETED)
    pdf = render_pdf(
        "learning/courses/certificate_pdf.html", {"enrolment": enrolment}, request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificaat.pdf"'
    return response


@require_safe
@two_factor_exempt
def certificate_verify(request, code):
    """Public: is this course certificate real? Shows the course and the date, no more."""
    enrolment = selectors.by_certificate(code)
    return render(
        request,
        "learning/courses/public/certificate_verify.html",
        {"code": code, "enrolment": enrolment},
        status=200 if enrolment else 404,
    )


staff = "werkruimte/cursussen"
urlpatterns = [
    path(staff, programme_list, name="programme-list"),
    path(f"{staff}/nieuw", programme_edit, name="programme-create"),
    path(f"{staff}/<int:pk>", programme_detail, name="programme-detail"),
    path(f"{staff}/<int:pk>/wijzigen", programme_edit, name="programme-update"),
    path(f"{staff}/<int:programme_pk>/groep-nieuw", run_edit, name="run-create"),
    path(f"{staff}/groepen/<int:pk>", run_detail, name="run-detail"),
    path(f"{staff}/groepen/<int:pk>/wijzigen", run_edit, name="run-update"),
    path(f"{staff}/lessen/<int:pk>", attendance, name="attendance"),
    path(f"{staff}/aanmelden", desk_signup, name="desk-signup"),
    path(f"{staff}/aanmeldingen/<int:pk>", enrolment_detail, name="enrolment-detail"),
    path(f"{staff}/aanmeldingen/<int:pk>/<str:step>", enrolment_step, name="enrolment-step"),
    path("cursussen", signup, name="signup"),
    path("cursussen/mijn-plaats/<str:token>", my_place, name="my-place"),
    path("cursussen/mijn-plaats/<str:token>/certificaat.pdf", certificate_pdf, name="certificate"),
    path("cursussen/certificaat/<str:code>", certificate_verify, name="certificate-verify"),
]

# Sign-up from a help point visit or a laptop handout (the chain's follow-ups).
urlpatterns += chain_urls
