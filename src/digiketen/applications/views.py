from datetime import timedelta
from functools import wraps
from urllib.parse import urlparse

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from digiketen import permissions
from digiketen.accounts.middleware import two_factor_exempt
from digiketen.accounts.qr import qr_svg
from digiketen.applications import calendar, forms, notifications, selectors, services
from digiketen.applications.models import (
    Application,
    Channel,
    DistributionPolicy,
    Notification,
    PriorityCategory,
    Status,
)
from digiketen.core import audit, once, ratelimit
from digiketen.core.calendar import day_or_today
from digiketen.core.pdf import render_pdf
from digiketen.permissions import Perm

DRAFT = "application_draft"
STEP_SLUGS = [slug for slug, _title, _form in forms.STEPS]


# --- The resident's side: apply, follow the status, choose a pickup time ---------------------


def _step_form(slug: str, data=None):
    form_class = {s: f for s, _t, f in forms.STEPS}[slug]
    return form_class(data, prefix=None)


@two_factor_exempt
@never_cache
def apply(request, step: str = "wat"):
    """The online application, one short step per page. Answers wait in the session until
    the last step, so nothing typed is lost when an answer needs fixing or the resident goes
    back."""
    if step not in STEP_SLUGS:
        raise Http404
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)  # sent twice: show the confirmation again
    draft = request.session.get(DRAFT, {})
    index = STEP_SLUGS.index(step)
    # A step can only be opened when the steps before it are answered.
    for earlier in STEP_SLUGS[:index]:
        if earlier not in draft:
            return redirect("applications:apply-step", step=earlier)
    status = 200
    if request.method == "POST":
        form = _step_form(step, request.POST)
        draft[step] = {name: request.POST.getlist(name) for name in form.fields}
        request.session[DRAFT] = draft
        if form.is_valid():
            if step != STEP_SLUGS[-1]:
                return redirect("applications:apply-step", step=STEP_SLUGS[index + 1])
            if ratelimit.hit(
                "apply-ip", ratelimit.client_address(request), limit=10, window=timedelta(hours=1)
            ):
                return _submit_draft(request, draft, key)
            # Many applications from one place: a robot, or send them at the desk.
            form.add_error(
                None,
                _(
                    "Er zijn vanaf uw internetverbinding al veel aanvragen gestuurd. "
                    "Probeer het over een uur opnieuw, of kom langs bij een uitgiftepunt."
                ),
            )
            status = 429
    else:
        form = _step_form(step, _as_querydict(draft[step]) if step in draft else None)
    title = forms.STEPS[index][1]
    context = {
        "form": form,
        "step": step,
        "title": title,
        "number": index + 1,
        "total": len(STEP_SLUGS),
        "previous": STEP_SLUGS[index - 1] if index else None,
        "once": key,
        "policy": DistributionPolicy.current(),
    }
    if step == STEP_SLUGS[-1]:
        context["summary"] = _summary(draft)
    return render(request, "applications/apply.html", context, status=status)


def _as_querydict(values: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, items in values.items():
        data.setlist(name, items)
    return data


def _cleaned(draft: dict) -> dict | None:
    cleaned = {}
    for slug in STEP_SLUGS:
        form = _step_form(slug, _as_querydict(draft.get(slug, {})))
        if not form.is_valid():
            return None
        cleaned.update(form.cleaned_data)
    return cleaned


def _summary(draft: dict) -> list[tuple[str, str]]:
    """What the resident answered, to check before sending."""
    rows = []
    for slug in STEP_SLUGS[:-1]:
        form = _step_form(slug, _as_querydict(draft.get(slug, {})))
        if not form.is_valid():
            continue
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", [], False) and name not in ("school_children",):
                continue
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                labels = dict(field.choices)
                value = ", ".join(
                    str(labels.get(v, v)) for v in (value if isinstance(value, list) else [value])
                )
            elif value is True:
                value = _("Ja")
            rows.append((str(field.label), str(value)))
    return rows


def _submit_draft(request, draft: dict, key: str):
    cleaned = _cleaned(draft)
    if cleaned is None:
        messages.error(request, _("Er ontbreekt nog iets. Kijk de stappen na."))
        return redirect("applications:apply-step", step=STEP_SLUGS[0])

    def submit() -> str:
        application = services.submit_application(
            data=forms.application_data(cleaned),
            channel=Channel.ONLINE,
            language=translation.get_language(),
        )
        return reverse("applications:applied", args=[application.reference])

    done_url = once.run(key, submit)
    request.session.pop(DRAFT, None)
    _may_see_status(request, resolve(urlparse(done_url).path).kwargs["reference"])
    return redirect(done_url)


def _may_see_status(request, reference: str) -> None:
    """This browser sent or looked up the application: it may open its status page."""
    request.session["status_references"] = [
        *request.session.get("status_references", [])[-9:],
        reference,
    ]


@two_factor_exempt
@never_cache
def applied(request, reference: str):
    if reference not in request.session.get("status_references", []):
        return redirect("applications:status")
    application = get_object_or_404(Application, reference=reference)
    return render(
        request,
        "applications/applied.html",
        {"application": application, "policy": DistributionPolicy.current()},
    )


@two_factor_exempt
@never_cache
def status(request):
    """Reference code plus postcode opens the status. Rate-limited per address and per code:
    guessing codes is slow and noticed."""
    form = forms.StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        allowed = ratelimit.hit(
            "status-ip", ratelimit.client_address(request), limit=20, window=timedelta(minutes=15)
        ) and ratelimit.hit("status-ref", reference, limit=8, window=timedelta(hours=1))
        if not allowed:
            return render(
                request,
                "applications/status_lookup.html",
                {"form": form, "limited": True},
                status=429,
            )
        if Application.objects.filter(
            reference=reference, postcode=form.cleaned_data["postcode"]
        ).exists():
            _may_see_status(request, reference)
            return redirect("applications:status-detail", reference=reference)
        form.add_error(
            None,
            _(
                "Wij vinden geen aanvraag met deze code en postcode. "
                "Kijk of u ze goed heeft getypt."
            ),
        )
    return render(request, "applications/status_lookup.html", {"form": form})


@two_factor_exempt
@never_cache
def status_detail(request, reference: str):
    if reference not in request.session.get("status_references", []):
        return redirect("applications:status")
    application = get_object_or_404(
        Application.objects.select_related("hub", "slot"), reference=reference
    )
    context = {
        "application": application,
        "provisions": application.internet_provisions.all(),
        "policy": DistributionPolicy.current(),
    }
    if application.status == Status.WAITING:
        place, length = selectors.queue_position(application)
        context.update(
            place=place,
            length=length,
            weeks=selectors.estimated_weeks(place, selectors.month_capacity(application.hub)),
        )
    return render(request, "applications/status_detail.html", context)


def _invited(token: str) -> Application | None:
    return (
        Application.objects.select_related("hub", "slot")
        .filter(invitation_token=token, status__in=[Status.INVITED, Status.SCHEDULED])
        .first()
    )


def _link_gone(request):
    """Picked up already, expired or mistyped: say so kindly, and where to look instead."""
    return render(request, "applications/invitation_gone.html", status=404)


# A phone shows a few days of times at once; the rest is one link away.
DAYS_SHOWN = 3


@two_factor_exempt
@never_cache
def invitation(request, token: str):
    """The link in the invitation: choose when to pick up the laptop."""
    application = _invited(token)
    if application is None:
        return _link_gone(request)
    slots = selectors.available_slots(application.hub, application=application)
    days = sorted({timezone.localdate(slot.starts_at) for slot in slots})
    show_all = request.GET.get("alle") == "1" or request.method == "POST"
    if not show_all and len(days) > DAYS_SHOWN:
        slots = [s for s in slots if timezone.localdate(s.starts_at) in days[:DAYS_SHOWN]]
    if application.slot and application.slot not in slots:
        slots = [application.slot, *slots]
    form = forms.SlotChoiceForm(
        request.POST or None, slots=slots, initial={"slot": application.slot}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.book_slot(application_id=application.pk, slot_id=form.cleaned_data["slot"].pk)
        except services.Refused as exc:
            form.add_error("slot", str(exc))
        else:
            return redirect("applications:invitation", token=token)
    return render(
        request,
        "applications/invitation.html",
        {
            "application": application,
            "form": form,
            "policy": DistributionPolicy.current(),
            "deposit_cents": selectors.deposit_due(application),
            "more_days": not show_all and len(days) > DAYS_SHOWN,
        },
    )


@two_factor_exempt
@never_cache
def invitation_ics(request, token: str):
    application = _invited(token)
    if application is None or application.slot is None:
        return _link_gone(request)
    response = HttpResponse(
        calendar.pickup_event(application), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="laptop-ophalen.ics"'
    return response


# --- Staff: applications, waiting list, pickups, handover, returns, deposits ----------------

handles = permissions.require_perm(Perm.HANDLE_APPLICATIONS)


def _application(request, pk) -> Application:
    return get_object_or_404(selectors.handled_applications(user=request.user), pk=pk)


class NoHub(Exception):
    """The user's organisation has no location that hands out devices yet."""


def _hub(request):
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


@handles
def application_list(request):
    applications = selectors.handled_applications(user=request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        applications = applications.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        applications = applications.filter(
            Q(reference__iexact=query)
            | Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(postcode=query.replace(" ", "").upper())
        )
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
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


@handles
def application_new(request):
    """An application typed in at the desk, on behalf of the resident."""
    hubs = selectors.handout_hubs(user=request.user)
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    form = forms.DeskApplicationForm(request.POST or None, hubs=hubs)
    if request.method == "POST" and form.is_valid():
        url = once.run(
            key,
            lambda: services.submit_application(
                data=forms.application_data(form.cleaned_data),
                channel=Channel.DESK,
                language=translation.get_language(),
                actor=request.user,
            ).get_absolute_url(),
        )
        messages.success(request, _("De aanvraag is opgeslagen."))
        return redirect(url)
    return render(request, "applications/application_new.html", {"form": form, "once": key})


@handles
def application_detail(request, pk):
    application = _application(request, pk)
    # A resident's personal details were read: that is logged.
    audit.record("application.viewed", actor=request.user, subject=application)
    context = {
        "application": application,
        "actions": selectors.available_actions(application, timezone.now()),
        "notifications": application.notifications.all(),
        "provisions": application.internet_provisions.all(),
        "handover": getattr(application, "handover", None),
        "need": selectors.describe(selectors.requirement(application)),
    }
    if application.status == Status.WAITING:
        context["place"], context["length"] = selectors.queue_position(application)
    return render(request, "applications/application_detail.html", context)


def _act(request, application, form, action, success: str, template: str, extra=None):
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


@handles
@sensitive_post_parameters("pass_number")
def eligibility(request, pk):
    application = _application(request, pk)
    initial = {
        "route": application.route,
        "referred_by": application.referred_by,
        "category": services.suggested_category(application),
    }
    form = forms.EligibilityForm(
        request.POST or None, application=application, user=request.user, initial=initial
    )

    def decide(data):
        services.decide_eligibility(
            actor=request.user,
            application_id=application.pk,
            eligible=data["decision"] == "yes",
            route=data.get("route", ""),
            pass_number=data.get("pass_number", ""),
            pass_valid_until=data.get("pass_valid_until"),
            income_seen=data.get("income_seen", False),
            referred_by=data.get("referred_by"),
            category=data.get("category"),
            household_note=data.get("household_note", ""),
            reason=data.get("reason", ""),
        )

    return _act(
        request,
        application,
        form,
        decide,
        _("Het besluit is opgeslagen."),
        "applications/eligibility.html",
        {"policy": DistributionPolicy.current()},
    )


@handles
@hub_page
def waiting_list(request):
    hub, hubs = _hub(request)
    page = Paginator(selectors.waiting_list(hub).select_related("category"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "applications/waiting_list.html",
        {"hub": hub, "hubs": hubs, "page": page, "query_string": f"hub={hub.pk}"},
    )


@handles
def move_up(request, pk):
    application = _application(request, pk)
    place, _length = (
        selectors.queue_position(application) if application.status == Status.WAITING else (0, 0)
    )
    form = forms.MoveUpForm(request.POST or None, initial={"position": 1})

    def move(data):
        services.move_up(
            actor=request.user,
            application_id=application.pk,
            position=data["position"],
            reason=data["reason"],
        )

    return _act(
        request,
        application,
        form,
        move,
        _("De aanvraag is naar voren gehaald."),
        "applications/move_up.html",
        {"place": place},
    )


@handles
def reserve(request, pk):
    application = _application(request, pk)
    matching, others = selectors.ready_devices(application)
    place = selectors.queue_position(application)[0] if application.status == Status.WAITING else 1
    form = forms.ReserveForm(request.POST or None, devices=[*matching, *others], place=place)

    def do_reserve(data):
        services.reserve(
            actor=request.user,
            application_id=application.pk,
            device_id=data["device"].pk,
            reason=data.get("reason", ""),
        )

    return _act(
        request,
        application,
        form,
        do_reserve,
        _("Het apparaat is gereserveerd. De inwoner krijgt een uitnodiging."),
        "applications/reserve.html",
        {
            "matching": matching,
            "others": others,
            "need": selectors.describe(selectors.requirement(application)),
        },
    )


@handles
def book_for_resident(request, pk):
    application = _application(request, pk)
    slots = selectors.available_slots(application.hub, application=application)
    form = forms.SlotChoiceForm(request.POST or None, slots=slots)

    def book(data):
        services.book_slot(
            application_id=application.pk, slot_id=data["slot"].pk, actor=request.user
        )

    return _act(
        request, application, form, book, _("De afspraak is gemaakt."), "applications/book.html"
    )


@handles
def no_show(request, pk):
    """First a question, then the step: the resident gets a message at once, so a wrong click
    on the day list must not go through by itself."""
    application = _application(request, pk)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = application.get_absolute_url()
    if "no-show" not in selectors.available_actions(application, timezone.now()):
        messages.error(request, _("Dit kan nu niet bij deze aanvraag."))
        return redirect(application.get_absolute_url())
    if request.method == "POST":
        try:
            services.record_no_show(actor=request.user, application_id=application.pk)
            messages.success(request, _("Opgeslagen: niet gekomen."))
        except services.Refused as exc:
            messages.error(request, str(exc))
        return redirect(next_url)
    return render(
        request,
        "applications/no_show.html",
        {"application": application, "next": next_url, "policy": DistributionPolicy.current()},
    )


@handles
def handover(request, pk):
    application = _application(request, pk)
    policy = DistributionPolicy.current()
    deposit = selectors.deposit_due(application)
    form = forms.HandoverForm(request.POST or None, deposit_cents=deposit)

    def give(data):
        services.hand_over(actor=request.user, application_id=application.pk, **data)
        return reverse("applications:handover-done", args=[application.pk])

    return _act(
        request,
        application,
        form,
        give,
        _("Het apparaat is uitgegeven."),
        "applications/handover.html",
        {"policy": policy, "deposit_cents": deposit},
    )


@handles
def handover_done(request, pk):
    application = _application(request, pk)
    handover = getattr(application, "handover", None)
    if handover is None:
        raise Http404
    return render(
        request,
        "applications/handover_done.html",
        {
            "application": application,
            "handover": handover,
            "help": selectors.nearest_help(application),
        },
    )


@handles
def agreement_pdf(request, pk):
    application = _application(request, pk)
    if application.device_id is None:
        raise Http404
    audit.record("application.viewed", actor=request.user, subject=application)
    policy = DistributionPolicy.current()
    handover = getattr(application, "handover", None)
    with translation.override(application.language):
        pdf = render_pdf(
            "applications/agreement_pdf.html",
            {
                "application": application,
                "device": application.device,
                "policy": policy,
                "handover": handover,
                # A signed agreement keeps its terms, even when the rules change later.
                "form": handover.form if handover else policy.handout_form,
                "deposit_cents": handover.deposit_cents
                if handover
                else selectors.deposit_due(application),
                "help": selectors.nearest_help(application),
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="overeenkomst-{application.reference}.pdf"'
    return response


@handles
def return_device(request, pk):
    application = _application(request, pk)
    handover = getattr(application, "handover", None)
    refund = handover is not None and services.refund_due(handover)
    form = forms.ReturnForm(request.POST or None, refund=refund)

    def take_back(data):
        services.register_return(actor=request.user, application_id=application.pk, **data)

    return _act(
        request,
        application,
        form,
        take_back,
        _("Het apparaat is terug. Het gaat eerst weer naar wissen."),
        "applications/return.html",
        {"handover": handover, "refund": refund},
    )


@handles
def internet_add(request, pk):
    application = _application(request, pk)
    form = forms.InternetForm(request.POST or None)

    def add(data):
        services.add_internet(actor=request.user, application_id=application.pk, data=data)

    return _act(
        request,
        application,
        form,
        add,
        _("Internet thuis is opgeslagen."),
        "applications/internet_form.html",
    )


# Steps that only need a written reason: (service, message, template, does the resident read it).
REASON_STEPS = {
    "release": (
        services.release_reservation,
        _lazy("De reservering is vervallen. De inwoner houdt de plaats op de wachtlijst."),
        "applications/release.html",
        False,
    ),
    "lost": (
        services.report_lost,
        _lazy("Het apparaat staat als kwijt."),
        "applications/lost.html",
        False,
    ),
    "close": (
        services.close,
        _lazy("De aanvraag is gesloten."),
        "applications/close.html",
        True,
    ),
}


@handles
def reason_step(request, pk, step: str):
    application = _application(request, pk)
    service, success, template, for_resident = REASON_STEPS[step]
    form = forms.ReasonForm(request.POST or None, for_resident=for_resident)

    def take(data):
        service(actor=request.user, application_id=application.pk, reason=data["reason"])

    return _act(request, application, form, take, str(success), template)


@handles
@hub_page
def slots(request):
    hub, hubs = _hub(request)
    series = forms.SlotSeriesForm(request.POST if "make_slots" in request.POST else None)
    capacity = forms.CapacityForm(
        request.POST if "set_capacity" in request.POST else None,
        initial={"monthly": selectors.month_capacity(hub)},
    )
    if request.method == "POST":
        if series.is_bound and series.is_valid():
            data = series.cleaned_data
            created, closed = services.create_slots(
                actor=request.user,
                hub=hub,
                day=data["day"],
                first=data["first"].strftime("%H:%M"),
                last=data["last"].strftime("%H:%M"),
                minutes=data["minutes"],
                capacity=data["capacity"],
            )
            messages.success(
                request, _("%(count)s ophaaltijden gemaakt.") % {"count": len(created)}
            )
            if closed:
                messages.warning(
                    request,
                    _("%(count)s tijden vallen buiten de openingstijden en zijn niet gemaakt.")
                    % {"count": closed},
                )
            return redirect(f"{reverse('applications:slots')}?hub={hub.pk}")
        if capacity.is_bound and capacity.is_valid():
            services.set_month_capacity(
                actor=request.user, hub=hub, monthly=capacity.cleaned_data["monthly"]
            )
            messages.success(request, _("De capaciteit is opgeslagen."))
            return redirect(f"{reverse('applications:slots')}?hub={hub.pk}")
    upcoming = selectors.upcoming_slots(hub)
    return render(
        request,
        "applications/slots.html",
        {"hub": hub, "hubs": hubs, "series": series, "capacity": capacity, "upcoming": upcoming},
    )


@handles
@hub_page
def day_list(request):
    hub, hubs = _hub(request)
    day = day_or_today(request.GET.get("dag", ""))
    return render(
        request,
        "applications/day_list.html",
        {
            "hub": hub,
            "hubs": hubs,
            "day": day,
            "pickups": selectors.day_list(hub, day),
            "now": timezone.now(),
        },
    )


@handles
@hub_page
def cash(request):
    hub, hubs = _hub(request)
    day = day_or_today(request.GET.get("dag", ""))
    existing = hub.cash_counts.filter(business_date=day).first()
    form = forms.CashCountForm(
        request.POST or None,
        initial={
            "counted": existing.counted_cents if existing else None,
            "note": existing.note if existing else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_cash_count(
                actor=request.user,
                hub=hub,
                business_date=day,
                counted_cents=form.cleaned_data["counted"],
                note=form.cleaned_data["note"],
            )
        except services.Refused as exc:
            form.add_error("note", str(exc))
        else:
            messages.success(request, _("De kastelling is opgeslagen."))
            return redirect(f"{reverse('applications:cash')}?hub={hub.pk}&dag={day.isoformat()}")
    return render(
        request,
        "applications/cash.html",
        {
            "hub": hub,
            "hubs": hubs,
            "day": day,
            "entries": selectors.day_entries(hub, day),
            "expected": selectors.expected_cash(hub, day),
            "totals": selectors.ledger_totals(hub),
            "count": existing,
            "form": form,
        },
    )


@handles
def staff_tasks(request):
    page = Paginator(selectors.staff_tasks(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "applications/tasks.html", {"page": page})


def _task(request, pk) -> Notification:
    return get_object_or_404(selectors.staff_tasks(user=request.user), pk=pk)


@handles
def letter_pdf(request, pk):
    notification = get_object_or_404(
        permissions.scope_queryset(
            request.user,
            Perm.HANDLE_APPLICATIONS,
            Notification.objects.filter(channel="letter").select_related("application__hub"),
            "application__organisation",
        ),
        pk=pk,
    )
    application = notification.application
    audit.record("application.viewed", actor=request.user, subject=application)
    with translation.override(application.language):
        pdf = render_pdf(
            "applications/letter_pdf.html",
            {
                "notification": notification,
                "application": application,
                "qr": qr_svg(notifications.invitation_url(application), label="QR")
                if application.invitation_token and notification.kind in ("invited", "missed")
                else "",
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brief-{application.reference}.pdf"'
    return response


@handles
@require_POST
def task_done(request, pk):
    notification = _task(request, pk)
    notifications.mark_done(actor=request.user, notification_id=notification.pk)
    messages.success(request, _("Gemarkeerd als gedaan."))
    return redirect("applications:tasks")


@handles
def internet_list(request):
    page = Paginator(selectors.internet_provisions(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    soon = timezone.localdate() + timedelta(
        days=DistributionPolicy.current().internet_reminder_days
    )
    return render(
        request,
        "applications/internet_list.html",
        {"page": page, "soon": soon, "today": timezone.localdate()},
    )


@permissions.require_perm(Perm.CONFIGURE_DISTRIBUTION)
def policy(request):
    current = DistributionPolicy.current()
    form = forms.PolicyForm(request.POST or None, instance=current)
    categories = forms.CategoryFormSet(
        request.POST or None, queryset=PriorityCategory.objects.all(), prefix="cat"
    )
    if request.method == "POST" and form.is_valid() and categories.is_valid():
        services.save_policy(
            actor=request.user,
            policy=form.save(commit=False),
            categories=categories.save(commit=False),
        )
        messages.success(request, _("De regels zijn opgeslagen."))
        return redirect("applications:policy")
    return render(request, "applications/policy.html", {"form": form, "categories": categories})
