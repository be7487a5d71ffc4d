"""Buddy pages for the buddy coordinator: volunteers, requests, matches, meetings."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digiketen import permissions
from digiketen.core import audit, once
from digiketen.core.pagination import list_page
from digiketen.learning import buddy_export
from digiketen.learning import buddy_forms as forms
from digiketen.learning.buddy_workflow import DECLINES, WORKFLOW
from digiketen.learning.models import MatchStep, RequestStatus
from digiketen.learning.selectors import buddies as selectors
from digiketen.learning.services import buddies as services
from digiketen.organisations.models import Organisation
from digiketen.permissions import Perm

coordinates = permissions.require_perm(Perm.MANAGE_BUDDIES)
PER_PAGE = 50


def _own_organisations(request):
    return selectors.buddy_organisation_ids(request.user)


@require_safe
@coordinates
def overview(request):
    """What needs doing: requests waiting, VOGs that end, matches due for review."""
    today = timezone.localdate()
    waiting = selectors.requests(user=request.user).filter(status=RequestStatus.OPEN)[:20]
    reviews = (
        selectors.matches(user=request.user)
        .filter(status="active", review_on__lte=today + timedelta(days=30))
        .order_by("review_on")[:20]
    )
    return render(
        request,
        "learning/buddies/overview.html",
        {
            "waiting": waiting,
            "expiring": selectors.vog_expiring(user=request.user, today=today)[:20],
            "reviews": reviews,
            "today": today,
        },
    )


@require_safe
@coordinates
def volunteer_list(request):
    page = list_page(
        request, selectors.volunteers(user=request.user).order_by("name", "pk"), PER_PAGE
    )
    audit.record_shown("learning.volunteer_listed", actor=request.user, subjects=page.object_list)
    return render(request, "learning/buddies/volunteer_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinates
def volunteer_edit(request, pk=None):
    volunteer = get_object_or_404(selectors.volunteers(user=request.user), pk=pk) if pk else None
    form = forms.VolunteerForm(
        request.POST if request.method == "POST" else None,
        instance=volunteer,
        user=request.user,
        organisation_ids=_own_organisations(request),
    )
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        url = once.run(
            key,
            lambda: services.save_volunteer(
                actor=request.user, data=data, volunteer_id=pk
            ).get_absolute_url(),
            checked=True,
        )
        messages.success(request, _("De vrijwilliger is opgeslagen."))
        return redirect(url)
    return render(
        request,
        "learning/buddies/volunteer_form.html",
        {"form": form, "volunteer": volunteer, "once": key},
    )


@require_safe
@coordinates
def volunteer_detail(request, pk):
    volunteer = get_object_or_404(
        selectors.volunteers(user=request.user).prefetch_related("topics"), pk=pk
    )
    audit.record("learning.volunteer_viewed", actor=request.user, subject=volunteer)
    vog = forms.VogForm(
        initial={
            "requested_on": volunteer.vog_requested_on,
            "received_on": volunteer.vog_received_on,
        }
    )
    return render(
        request,
        "learning/buddies/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "vog": vog,
            "vog_valid": volunteer.vog_valid_on(timezone.localdate()),
            "matches": volunteer.matches.select_related("request").order_by("-created_at")[:20],
        },
    )


@require_POST
@coordinates
def volunteer_vog(request, pk):
    volunteer = get_object_or_404(selectors.volunteers(user=request.user), pk=pk)
    form = forms.VogForm(request.POST)
    if form.is_valid():
        services.record_vog(
            actor=request.user,
            volunteer_id=volunteer.pk,
            requested_on=form.cleaned_data["requested_on"],
            received_on=form.cleaned_data["received_on"],
        )
        messages.success(request, _("De VOG is opgeslagen."))
    else:
        messages.error(request, _("Vul een geldige datum in."))
    return redirect(volunteer)


@require_safe
@coordinates
def request_list(request):
    status = request.GET.get("stand", RequestStatus.OPEN)
    queryset = selectors.requests(user=request.user).order_by("created_at", "pk")
    if status in RequestStatus.values:
        queryset = queryset.filter(status=status)
    page = list_page(request, queryset, PER_PAGE)
    audit.record_shown("learning.request_listed", actor=request.user, subjects=page.object_list)
    return render(
        request,
        "learning/buddies/request_list.html",
        {"page": page, "status": status, "statuses": RequestStatus.choices},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinates
def request_create(request):
    form = forms.RequestForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        organisation_ids=_own_organisations(request),
    )
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        url = once.run(
            key,
            lambda: services.create_request(actor=request.user, data=data).get_absolute_url(),
            checked=True,
        )
        messages.success(request, _("De aanvraag is opgeslagen."))
        return redirect(url)
    return render(request, "learning/buddies/request_form.html", {"form": form, "once": key})


@require_safe
@coordinates
def request_detail(request, pk):
    buddy_request = get_object_or_404(
        selectors.requests(user=request.user).prefetch_related("topics"), pk=pk
    )
    audit.record("learning.request_viewed", actor=request.user, subject=buddy_request)
    live = buddy_request.matches.filter(status__in=selectors.LIVE).first()
    suggestions = (
        selectors.suggestions(request=buddy_request)
        if buddy_request.status == RequestStatus.OPEN and live is None
        else []
    )
    return render(
        request,
        "learning/buddies/request_detail.html",
        {
            "buddy_request": buddy_request,
            "live": live,
            "suggestions": suggestions,
            "matches": buddy_request.matches.select_related("volunteer"),
        },
    )


@require_POST
@coordinates
def match_propose(request, pk):
    buddy_request = get_object_or_404(selectors.requests(user=request.user), pk=pk)
    try:
        volunteer_id = int(request.POST.get("volunteer", ""))
    except ValueError:
        return redirect(buddy_request)
    match = services.propose_match(
        actor=request.user, request_id=buddy_request.pk, volunteer_id=volunteer_id
    )
    messages.success(request, _("Het maatje is voorgesteld."))
    return redirect(match)


@require_safe
@coordinates
def match_detail(request, pk):
    match = get_object_or_404(selectors.matches(user=request.user), pk=pk)
    audit.record("learning.match_viewed", actor=request.user, subject=match)
    allowed = WORKFLOW.allowed(match)
    return render(
        request,
        "learning/buddies/match_detail.html",
        {
            "match": match,
            "steps": [
                (step, MatchStep(step).label, step in DECLINES, step == MatchStep.END)
                for step in MatchStep
                if step in allowed
            ],
            "step_form": forms.StepForm(),
            "history": match.history.all(),
            "meetings": match.meetings.select_related("topic")[:50],
            "meeting_form": forms.MeetingForm() if match.status == "active" else None,
        },
    )


@require_POST
@coordinates
def match_step(request, pk):
    match = get_object_or_404(selectors.matches(user=request.user), pk=pk)
    form = forms.StepForm(request.POST)
    form.is_valid()
    step = form.cleaned_data.get("step", "")
    if step not in MatchStep.values:
        return redirect(match)
    reason = (
        form.cleaned_data.get("decline_reason")
        if step in DECLINES
        else form.cleaned_data.get("end_reason", "")
    )
    services.take_step(actor=request.user, match_id=match.pk, step=step, reason=reason or "")
    messages.success(request, _("De match is bijgewerkt."))
    return redirect(match)


@require_POST
@coordinates
def meeting_create(request, pk):
    match = get_object_or_404(selectors.matches(user=request.user), pk=pk)
    form = forms.MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controleer de datum en de duur van de ontmoeting."))
        return redirect(match)
    services.log_meeting(actor=request.user, match_id=match.pk, data=form.cleaned_data)
    messages.success(request, _("De ontmoeting is opgeschreven."))
    return redirect(match)


def _figures(request):
    """The rows of the coordinator's own organisations for the chosen period."""
    today = timezone.localdate()
    form = forms.PeriodForm(request.GET or {"start": today.replace(month=1, day=1), "end": today})
    if form.is_valid() and form.cleaned_data["start"] <= form.cleaned_data["end"]:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        start, end = today.replace(month=1, day=1), today
    ids = _own_organisations(request)
    now = selectors.figures(organisation_ids=ids, start=start, end=end)
    earlier = selectors.figures(
        organisation_ids=ids,
        start=services.add_years(start, -1),
        end=services.add_years(end, -1),
    )
    labels = {
        "requests": _("Nieuwe aanvragen"),
        "requests_waiting": _("Aanvragen die nu wachten"),
        "matches_started": _("Gestarte matches"),
        "median_wait_days": _("Wachttijd tot een match (mediaan, dagen)"),
        "active_matches": _("Lopende matches"),
        "meetings": _("Ontmoetingen"),
        "meeting_hours": _("Uren samen"),
        "vog_expiring": _("VOG verloopt binnen 60 dagen"),
    }
    rows = [(labels[key], now[key], earlier[key]) for key in labels]
    return form, rows, start, end, ids


@require_safe
@coordinates
def figures(request):
    form, rows, start, end, _ids = _figures(request)
    return render(
        request,
        "learning/buddies/figures.html",
        {
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "query": request.GET.urlencode(),
        },
    )


@require_safe
@coordinates
def figures_export(request, fmt: str):
    _form, rows, start, end, ids = _figures(request)
    if ids is None:  # a grant over every organisation
        where = _("Alle organisaties")
    else:
        names = Organisation.objects.filter(pk__in=ids).order_by("name")
        where = ", ".join(names.values_list("name", flat=True))
    return buddy_export.respond(fmt, rows=rows, start=start, end=end, where=where)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinates
def policy(request):
    ids = _own_organisations(request)
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if ids is not None:
        organisations = organisations.filter(pk__in=ids)
    organisation = get_object_or_404(
        organisations, pk=request.GET.get("organisatie") or organisations.values("pk")[:1]
    )
    current = selectors.policy(organisation)
    form = forms.PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "vog_validity_years": current.vog_validity_years,
            "review_months": current.review_months,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.save_policy(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("De regels zijn opgeslagen."))
        return redirect(reverse("learning:buddy-policy") + f"?organisatie={organisation.pk}")
    return render(
        request,
        "learning/buddies/policy.html",
        {"form": form, "organisation": organisation, "organisations": organisations},
    )


staff = "werkruimte/maatjes"
urlpatterns = [
    path(staff, overview, name="buddies"),
    path(f"{staff}/vrijwilligers", volunteer_list, name="volunteer-list"),
    path(f"{staff}/vrijwilligers/nieuw", volunteer_edit, name="volunteer-create"),
    path(f"{staff}/vrijwilligers/<int:pk>", volunteer_detail, name="volunteer-detail"),
    path(f"{staff}/vrijwilligers/<int:pk>/wijzigen", volunteer_edit, name="volunteer-update"),
    path(f"{staff}/vrijwilligers/<int:pk>/vog", volunteer_vog, name="volunteer-vog"),
    path(f"{staff}/aanvragen", request_list, name="request-list"),
    path(f"{staff}/aanvragen/nieuw", request_create, name="request-create"),
    path(f"{staff}/aanvragen/<int:pk>", request_detail, name="request-detail"),
    path(f"{staff}/aanvragen/<int:pk>/voorstellen", match_propose, name="match-propose"),
    path(f"{staff}/matches/<int:pk>", match_detail, name="match-detail"),
    path(f"{staff}/matches/<int:pk>/stap", match_step, name="match-step"),
    path(f"{staff}/matches/<int:pk>/ontmoeting", meeting_create, name="meeting-create"),
    path(f"{staff}/cijfers", figures, name="buddy-figures"),
    path(f"{staff}/cijfers.<str:fmt>", figures_export, name="buddy-figures-export"),
    path(f"{staff}/regels", policy, name="buddy-policy"),
]
