"""A trainee's hours, tasks and skills, signed off by a supervisor of their cyberbank."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from digiketen import permissions
from digiketen.core.pdf import render_pdf
from digiketen.inventory import selectors, services
from digiketen.inventory.views import require_device_work
from digiketen.permissions import Perm


@require_safe
@permissions.require_perm(Perm.SUPERVISE_DEVICES)
def trainee_list(request):
    trainees = selectors.visible_trainees(user=request.user).order_by("first_name", "last_name")
    page = Paginator(trainees, 25).get_page(request.GET.get("page"))
    return render(request, "inventory/trainee_list.html", {"page": page})


def _trainee_or_404(request, pk):
    return get_object_or_404(selectors.visible_trainees(user=request.user), pk=pk)


@require_safe
@require_device_work
def trainee_detail(request, pk):
    trainee = _trainee_or_404(request, pk)
    summary = selectors.trainee_summary(trainee)
    return render(
        request,
        "inventory/trainee_detail.html",
        {
            "trainee": trainee,
            "summary": summary,
            "skills": [
                (skill, summary["skills"].get(skill.pk))
                for skill in selectors.trainee_skills(trainee=trainee)
            ],
            "may_sign_off": permissions.has_perm(request.user, Perm.SUPERVISE_DEVICES)
            and trainee.pk != request.user.pk,
        },
    )


@require_POST
@permissions.require_perm(Perm.SUPERVISE_DEVICES)
def skill_sign_off(request, pk, skill_pk):
    trainee = _trainee_or_404(request, pk)
    try:
        services.sign_off_skill(
            actor=request.user,
            trainee=trainee,
            skill=get_object_or_404(selectors.trainee_skills(trainee=trainee), pk=skill_pk),
        )
        messages.success(request, _("De vaardigheid is afgetekend."))
    except PermissionDenied:
        messages.error(request, _("U kunt alleen leerlingen van uw eigen organisatie aftekenen."))
    return redirect("inventory:trainee-detail", pk=trainee.pk)


@require_safe
@require_device_work
def trainee_portfolio(request, pk):
    trainee = _trainee_or_404(request, pk)
    summary = selectors.trainee_summary(trainee)
    pdf = render_pdf(
        "inventory/portfolio_pdf.html",
        {
            "trainee": trainee,
            "summary": summary,
            "signed": list(summary["skills"].values()),
            "organisations": trainee.memberships.select_related("organisation"),
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="portfolio.pdf"'
    return response
