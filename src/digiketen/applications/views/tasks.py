from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digiketen import permissions
from digiketen.accounts.qr import qr_svg
from digiketen.applications import notifications, selectors
from digiketen.applications.models import (
    Notification,
)
from digiketen.applications.views.staff import handles
from digiketen.core import audit
from digiketen.core.pdf import render_pdf
from digiketen.permissions import Perm


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
