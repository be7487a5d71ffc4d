from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digiketen import permissions
from digiketen.accounts.middleware import two_factor_exempt
from digiketen.core import once
from digiketen.core.pagination import list_page
from digiketen.donations.selectors import intake_donations, intake_preset, open_serials
from digiketen.inventory import certificates, labels, selectors, services
from digiketen.inventory.forms import (
    DeviceForm,
    ErasureForm,
    ImpactFactorFormSet,
    IntakeForm,
    MediumForm,
    RefurbishTaskFormSet,
    ShipmentForm,
    SkillFormSet,
    TransferForm,
    TransitionForm,
    WorkLogForm,
)
from digiketen.inventory.models import (
    DeviceState,
    ErasureCertificate,
    ErasureRecord,
    StorageMedium,
)
from digiketen.permissions import Perm

require_device_work = permissions.require_perm(Perm.WORK_ON_DEVICES)


@require_safe
@require_device_work
def device_list(request):
    state = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    page = list_page(
        request, selectors.device_list(user=request.user, state=state, query=query), 50
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "inventory/device_list.html",
        {
            "page": page,
            "states": DeviceState.choices,
            "state": state,
            "query": query,
            "query_string": params.urlencode(),
            "may_receive": permissions.has_perm(request.user, Perm.RECEIVE_DEVICES),
            "may_supervise": permissions.has_perm(request.user, Perm.SUPERVISE_DEVICES),
            "may_configure_impact": permissions.has_perm(request.user, Perm.CONFIGURE_IMPACT),
            "is_trainee": "technician_trainee" in request.user.role_set,
            "label_ids": ",".join(
                p for p in request.GET.get("labels", "").split(",") if p.isdigit()
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def device_intake(request):
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)  # the same intake sent again: no second batch of devices
    # Opened from a donation: its hub and the donor's own list are ready to use.
    donation = intake_preset(user=request.user, donation_id=request.GET.get("donatie", ""))
    donor_list = open_serials(donation) if donation else []
    form = IntakeForm(
        request.POST or None,
        hubs=selectors.intake_hubs(user=request.user),
        donations=intake_donations(user=request.user),
        initial={"donation": donation.pk, "hub": donation.hub_id} if donation else {},
        serials=[serial for serial, _model in donor_list],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {
            k: data[k] for k in ("brand", "model", "serial", "locked", "donation") if data[k]
        }
        if data["year"]:
            details["year"] = data["year"]

        def take_in() -> str:
            devices = services.receive_devices(
                actor=request.user,
                hub=data["hub"],
                count=data["count"],
                type=data["type"],
                **details,
            )
            messages.success(
                request,
                _("Ingenomen: %(first)s tot en met %(last)s. Print nu de labels.")
                % {"first": devices[0].asset_tag, "last": devices[-1].asset_tag},
            )
            ids = ",".join(str(d.pk) for d in devices)
            return f"{reverse('inventory:device-list')}?labels={ids}"

        return redirect(once.run(key, take_in))
    return render(
        request,
        "inventory/device_intake.html",
        {"form": form, "once": key, "donation": donation, "donor_list": donor_list},
    )


@require_safe
@require_device_work
def device_detail(request, pk):
    device = get_object_or_404(selectors.device_with_history(user=request.user), pk=pk)
    open_tasks = set(services.open_tasks(device))
    return render(
        request,
        "inventory/device_detail.html",
        {
            "device": device,
            "checklist": [
                (task, task not in open_tasks) for task in selectors.checklist(device=device)
            ],
            "work_form": WorkLogForm(device=device),
            "actions": selectors.device_actions(device=device, user=request.user),
            "erasable": device.state in services.ERASABLE,
            "may_supervise": permissions.has_perm(request.user, Perm.SUPERVISE_DEVICES, device),
            "transfer_form": TransferForm(
                hubs=selectors.intake_hubs(user=request.user).exclude(pk=device.hub_id)
            )
            if permissions.has_perm(request.user, Perm.RECEIVE_DEVICES, device)
            else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_device_work
def device_update(request, pk):
    device = get_object_or_404(selectors.visible_devices(user=request.user), pk=pk)
    form = DeviceForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        services.update_device(actor=request.user, device_id=device.pk, data=form.cleaned_data)
        messages.success(request, _("De gegevens zijn opgeslagen."))
        return redirect(device)
    return render(request, "inventory/device_form.html", {"form": form, "device": device})


@require_POST
@require_device_work
def device_transition(request, pk):
    device = get_object_or_404(selectors.visible_devices(user=request.user), pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid() and form.cleaned_data["to_state"] in DeviceState.values:
        try:
            services.transition(
                actor=request.user,
                device_id=device.pk,
                to_state=form.cleaned_data["to_state"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("De status is gewijzigd."))
        except PermissionDenied:
            messages.error(request, _("Deze stap mag u niet zetten."))
    return redirect(device)


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def device_triage(request, pk):
    """What the triage will decide and why, then the confirmation that writes it."""
    device = get_object_or_404(selectors.visible_devices(user=request.user), pk=pk)
    if request.method == "POST":
        device = services.triage(
            actor=request.user, device_id=device.pk, expected=request.POST.get("besluit", "")
        )
        messages.success(
            request, _("Beoordeeld: %(state)s.") % {"state": device.get_state_display()}
        )
        return redirect(device)
    return render(
        request,
        "inventory/device_triage.html",
        {
            "device": device,
            "decision": services.triage_decision(device),
            "may_triage": device.state == DeviceState.RECEIVED,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_device_work
def medium_create(request, pk):
    device = get_object_or_404(selectors.visible_devices(user=request.user), pk=pk)
    form = MediumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_medium(actor=request.user, device_id=device.pk, data=form.cleaned_data)
        messages.success(request, _("Het opslagmedium is toegevoegd."))
        return redirect(device)
    return render(request, "inventory/medium_form.html", {"form": form, "device": device})


@require_http_methods(["GET", "HEAD", "POST"])
@require_device_work
def erasure_create(request, pk):
    medium = get_object_or_404(
        StorageMedium.objects.filter(
            device__in=selectors.visible_devices(user=request.user)
        ).select_related("device"),
        pk=pk,
    )
    form = ErasureForm(request.POST or None, request.FILES or None)
    advice = {
        "fitting": services.fitting_methods(medium.kind),
        "all": services.erasure_advice(),
    }
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "nwipe_log"}
        try:
            services.record_erasure(actor=request.user, medium_id=medium.pk, data=data)
        except services.IllegalTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Het wissen is vastgelegd. Een begeleider keurt het goed."))
            return redirect(medium.device)
    return render(
        request,
        "inventory/erasure_form.html",
        {"form": form, "medium": medium, "advice": advice},
    )


@require_POST
@permissions.require_perm(Perm.SUPERVISE_DEVICES)
def erasure_sign_off(request, pk):
    record = get_object_or_404(
        ErasureRecord.objects.filter(
            medium__device__in=selectors.visible_devices(user=request.user)
        ).select_related("medium__device"),
        pk=pk,
    )
    services.sign_off_erasure(actor=request.user, record_id=record.pk)
    messages.success(request, _("Het wissen is goedgekeurd."))
    return redirect(record.medium.device)


@require_safe
@two_factor_exempt
def certificate_verify(request, number):
    """Public: is this certificate number real and unaltered? Shows no personal data."""
    certificate = (
        ErasureCertificate.objects.select_related("device").filter(number=number.upper()).first()
    )
    valid = certificate is not None and certificates.is_intact(certificate)
    return render(
        request,
        "inventory/certificate_verify.html",
        {
            "number": number,
            "certificate": certificate if valid else None,
            "media": certificates.readable_media(certificate.content) if valid else [],
            "valid": valid,
        },
        status=200 if valid else 404,
    )


@require_safe
@require_device_work
def certificate_pdf(request, number):
    certificate = get_object_or_404(
        ErasureCertificate.objects.filter(device__in=selectors.visible_devices(user=request.user)),
        number=number,
    )
    response = HttpResponse(certificates.pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="wiscertificaat-{certificate.number}.pdf"'
    return response


COLLECTOR = Path(__file__).parent / "collector" / "digiketen-collect"


@require_safe
@require_device_work
def collector_download(request):
    response = FileResponse(COLLECTOR.open("rb"), content_type="text/x-python")
    response["Content-Disposition"] = 'attachment; filename="digiketen-collect"'
    return response


@require_safe
@require_device_work
def labels_pdf(request):
    """Labels for the devices in ?ids=1,2,3 (as many as were just taken in)."""
    label_format = request.GET.get("formaat", "a4")
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()][:240]
    devices = list(
        selectors.visible_devices(user=request.user).filter(pk__in=ids).order_by("asset_tag")
    )
    if label_format not in labels.FORMATS or not devices:
        raise Http404
    if len(devices) > labels.SMALL_PRINT and not labels.may_print_large(request.user):
        limited = HttpResponse(
            _("Er worden nu veel labels gemaakt. Probeer het over een minuut opnieuw."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        limited["Retry-After"] = "60"
        return limited
    response = HttpResponse(
        labels.pdf(devices, label_format=label_format), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="labels-{devices[0].asset_tag}.pdf"'
    return response


@require_POST
@require_device_work
def work_log_create(request, pk):
    device = get_object_or_404(selectors.visible_devices(user=request.user), pk=pk)
    form = WorkLogForm(request.POST, device=device)
    if form.is_valid():
        services.log_work(actor=request.user, device_id=device.pk, **form.cleaned_data)
        messages.success(request, _("Het werk is vastgelegd."))
    else:
        messages.error(request, _("Kies een taak en vul 1 tot 600 minuten in."))
    return redirect(device)


@require_safe
@permissions.require_perm(Perm.WORK_ON_DEVICES, Perm.VIEW_CHAIN_FIGURES)
def stock_view(request):
    return render(
        request,
        "inventory/stock.html",
        {
            "stock": selectors.stock(user=request.user),
            "impact": selectors.impact(user=request.user),
            "shipments": selectors.recent_shipments(user=request.user),
            "may_work": permissions.has_perm(request.user, Perm.WORK_ON_DEVICES),
            "may_receive": permissions.has_perm(request.user, Perm.RECEIVE_DEVICES),
            "may_supervise": permissions.has_perm(request.user, Perm.SUPERVISE_DEVICES),
            "may_configure_impact": permissions.has_perm(request.user, Perm.CONFIGURE_IMPACT),
        },
    )


@require_POST
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def device_transfer(request, pk):
    device = get_object_or_404(selectors.visible_devices(user=request.user), pk=pk)
    form = TransferForm(request.POST, hubs=selectors.intake_hubs(user=request.user))
    if form.is_valid():
        services.transfer_device(
            actor=request.user, device_id=device.pk, to_hub=form.cleaned_data["to_hub"]
        )
        messages.success(request, _("Het apparaat is verplaatst."))
    else:
        messages.error(request, _("Kies een uitgiftepunt."))
    return redirect(device)


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def shipment_create(request):
    hubs = selectors.intake_hubs(user=request.user)
    organisation = hubs.first().organisation if hubs.exists() else None
    devices = selectors.visible_devices(user=request.user).filter(
        state=DeviceState.PARTS_HARVESTED, organisation=organisation
    )
    form = ShipmentForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        data = {
            k: form.cleaned_data[k]
            for k in ("recycler", "weight_kg", "weee_certificate", "shipped_on")
        }
        services.ship_for_recycling(
            actor=request.user,
            organisation=organisation,
            device_ids=[d.pk for d in form.cleaned_data["devices"]],
            data=data,
        )
        messages.success(request, _("De zending naar de recycler is vastgelegd."))
        return redirect("inventory:stock")
    return render(request, "inventory/shipment_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.SUPERVISE_DEVICES)
def code_lists(request):
    """One cyberbank's own tasks and skills; another cyberbank's (in ?organisatie=) is 404."""
    organisations = list(selectors.code_list_organisations(user=request.user))
    chosen = request.GET.get("organisatie", "")
    # The chosen cyberbank, else the first; one outside the user's scope (or no number) is 404.
    organisation = next((o for o in organisations if not chosen or str(o.pk) == chosen), None)
    if organisation is None:
        raise Http404
    data = request.POST or None
    formsets = {
        "tasks": RefurbishTaskFormSet(data, prefix="tasks", organisation=organisation),
        "skills": SkillFormSet(data, prefix="skills", organisation=organisation),
    }
    if request.method == "POST" and all(f.is_valid() for f in formsets.values()):
        services.save_code_lists(actor=request.user, organisation=organisation, formsets=formsets)
        messages.success(request, _("De lijsten zijn opgeslagen."))
        return redirect(f"{reverse('inventory:code-lists')}?organisatie={organisation.pk}")
    return render(
        request,
        "inventory/code_lists.html",
        {
            "formsets": formsets,
            "organisation": organisation,
            "organisations": organisations if len(organisations) > 1 else [],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.CONFIGURE_IMPACT)
def impact_factors(request):
    """The municipality's impact factors, used in the figures of every cyberbank."""
    formset = ImpactFactorFormSet(request.POST or None, prefix="impact")
    if request.method == "POST" and formset.is_valid():
        services.save_impact_factors(actor=request.user, formset=formset)
        messages.success(request, _("De impactcijfers zijn opgeslagen."))
        return redirect("inventory:impact-factors")
    return render(request, "inventory/impact_factors.html", {"formset": formset})
