from datetime import timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from digiketen.applications import selectors, services
from digiketen.applications.forms.settings import InternetForm
from digiketen.applications.models import (
    DistributionPolicy,
)
from digiketen.applications.views.staff import handled_application, handles, run_step


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def internet_add(request, pk):
    application = handled_application(request, pk)
    form = InternetForm(request.POST or None)

    def add(data):
        services.add_internet(actor=request.user, application_id=application.pk, data=data)

    return run_step(
        request,
        application,
        form,
        add,
        _("Internet thuis is opgeslagen."),
        "applications/internet_form.html",
    )


@require_safe
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
