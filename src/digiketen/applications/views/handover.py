from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_safe

from digiketen.applications import selectors, services
from digiketen.applications.forms.handover import (
    CashCountForm,
    HandoverForm,
    ReasonForm,
    ReturnForm,
)
from digiketen.applications.models import Condition, DistributionPolicy
from digiketen.applications.views.staff import (
    chosen_hub,
    handled_application,
    handles,
    hub_page,
    run_step,
)
from digiketen.core import followups
from digiketen.core.calendar import day_or_today
from digiketen.core.pdf import render_pdf


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def handover(request, pk):
    application = handled_application(request, pk)
    policy = DistributionPolicy.current()
    deposit = selectors.deposit_due(application)
    form = HandoverForm(request.POST or None, deposit_cents=deposit)

    def give(data):
        services.hand_over(actor=request.user, application_id=application.pk, **data)
        return reverse("applications:handover-done", args=[application.pk])

    return run_step(
        request,
        application,
        form,
        give,
        _("Het apparaat is uitgegeven."),
        "applications/handover.html",
        {"policy": policy, "deposit_cents": deposit},
    )


@require_safe
@handles
def handover_done(request, pk):
    application = handled_application(request, pk)
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
            # What another part of the chain did or offers (the course the resident wants).
            "followups": followups.of("applications.handover", handover, request.user),
        },
    )


@require_safe
@handles
def agreement_pdf(request, pk):
    application = handled_application(request, pk)
    if application.device_id is None:
        raise Http404
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


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def return_device(request, pk):
    application = handled_application(request, pk)
    handover = getattr(application, "handover", None)
    refund_for = services.refund_by_condition(handover)
    paid = refund_for[Condition.GOOD]  # a good device gets all of it back
    form = ReturnForm(request.POST or None, refund_for=refund_for, paid_cents=paid)
    rules = [
        (label, refund_for[value], paid - refund_for[value]) for value, label in Condition.choices
    ]

    def take_back(data):
        services.register_return(actor=request.user, application_id=application.pk, **data)

    return run_step(
        request,
        application,
        form,
        take_back,
        _("Het apparaat is terug. Het gaat eerst weer naar wissen. De inwoner krijgt bericht."),
        "applications/return.html",
        {"handover": handover, "refund": paid, "rules": rules},
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


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def reason_step(request, pk, step: str):
    application = handled_application(request, pk)
    service, success, template, for_resident = REASON_STEPS[step]
    form = ReasonForm(request.POST or None, for_resident=for_resident)

    def take(data):
        service(actor=request.user, application_id=application.pk, reason=data["reason"])

    return run_step(request, application, form, take, str(success), template)


@require_http_methods(["GET", "HEAD", "POST"])
@handles
@hub_page
def cash(request):
    hub, hubs = chosen_hub(request)
    day = day_or_today(request.GET.get("dag", ""))
    existing = hub.cash_counts.filter(business_date=day).first()
    form = CashCountForm(
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
