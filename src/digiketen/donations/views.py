from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digiketen import permissions
from digiketen.accounts.middleware import two_factor_exempt
from digiketen.core import audit, once, ratelimit
from digiketen.donations import selectors, services
from digiketen.donations.forms import CloseForm, DonationForm, MergeForm
from digiketen.inventory import certificates
from digiketen.permissions import Perm


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
def donate(request):
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)  # the same form sent again (double click, reload)
    form = DonationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        donor_url = once.run(
            key,
            lambda: services.register_donation(
                data=form.cleaned_data, asset_items=form.asset_items
            ).get_donor_url(),
        )
        messages.success(
            request,
            _(
                "Bedankt! Wij hebben uw aanmelding. "
                "U krijgt een e-mail met de link naar deze pagina."
            ),
        )
        if form.asset_list is not None:
            messages.info(request, form.asset_list.summary())
        return redirect(donor_url)
    return render(request, "donations/donate.html", {"form": form, "once": key})


@require_safe
@two_factor_exempt
@never_cache
def donor_page(request, token):
    donation = get_object_or_404(selectors.donor_view(token))
    if donation.merged_into is not None:
        # Registered twice: the donor follows the one donation staff kept.
        return redirect(donation.merged_into.get_donor_url())
    listed, others = selectors.donor_devices(donation)
    every_device = donation.devices.all()  # prefetched with certificates, by asset tag
    return render(
        request,
        "donations/donor_page.html",
        {
            "donation": donation,
            "listed": listed,
            "devices": others,
            "every_device": every_device,
            "has_certificates": any(d.certificates.all() for d in every_device),
        },
    )


# A public address that makes a PDF: one address may ask for it a few times (a donor
# downloads it once or twice), not keep the workers busy.
CERTIFICATES_PER_ADDRESS = 10
CERTIFICATES_WINDOW = timedelta(minutes=15)


@require_safe
@two_factor_exempt
@never_cache
def donor_certificates_pdf(request, token):
    if not ratelimit.hit(
        "donor-certificates",
        ratelimit.client_address(request),
        limit=CERTIFICATES_PER_ADDRESS,
        window=CERTIFICATES_WINDOW,
    ):
        limited = HttpResponse(
            _("U heeft de certificaten al vaak opgevraagd. Probeer het over een kwartier opnieuw."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        limited["Retry-After"] = str(int(CERTIFICATES_WINDOW.total_seconds()))
        return limited
    donation = get_object_or_404(selectors.donor_view(token))
    issued = [c for device in donation.devices.all() for c in device.certificates.all()[:1]]
    if not issued:
        return redirect(donation.get_donor_url())
    response = HttpResponse(
        certificates.pdf_for_donation(donation, issued), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="wiscertificaten.pdf"'
    return response


@require_safe
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def donation_list(request):
    page = Paginator(selectors.donation_list(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "donations/donation_list.html", {"page": page})


def _managed(request, pk):
    return get_object_or_404(
        selectors.managed_donations(user=request.user).prefetch_related("asset_items", "devices"),
        pk=pk,
    )


@require_safe
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def donation_detail(request, pk):
    return _detail_page(request, _managed(request, pk))


def _detail_page(request, donation, *, close_form=None, merge_form=None):
    # Contact details of a donor (often a resident) were read: that is logged.
    audit.record("donation.viewed", actor=request.user, subject=donation)
    received = {d.serial.upper() for d in donation.devices.all() if d.serial}
    items = [(item, item.serial.upper() in received) for item in donation.asset_items.all()]
    candidates = selectors.duplicates_of(donation, user=request.user)
    return render(
        request,
        "donations/donation_detail.html",
        {
            "donation": donation,
            "items": items,
            "close_form": close_form or CloseForm(),
            "merge_form": merge_form or MergeForm(candidates=candidates),
            "has_duplicates": candidates.exists(),
        },
    )


@require_POST
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def donation_close(request, pk):
    donation = _managed(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, donation, close_form=form)
    services.close_donation(
        actor=request.user, donation_id=donation.pk, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Donatie %(number)s is gesloten.") % {"number": donation.number})
    return redirect(donation.get_absolute_url())


@require_POST
@permissions.require_perm(Perm.RECEIVE_DEVICES)
def donation_merge(request, pk):
    donation = _managed(request, pk)
    form = MergeForm(request.POST, candidates=selectors.duplicates_of(donation, user=request.user))
    if not form.is_valid():
        return _detail_page(request, donation, merge_form=form)
    kept = services.merge_donation(
        actor=request.user, donation_id=donation.pk, into_id=form.cleaned_data["into"].pk
    )
    messages.success(
        request,
        _("Donatie %(number)s is samengevoegd met %(kept)s.")
        % {"number": donation.number, "kept": kept.number},
    )
    return redirect(kept.get_absolute_url())
