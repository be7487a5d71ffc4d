from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from digiketen import permissions
from digiketen.applications import services
from digiketen.applications.forms.settings import CategoryFormSet, PolicyForm
from digiketen.applications.models import (
    DistributionPolicy,
    PriorityCategory,
)
from digiketen.permissions import Perm


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.CONFIGURE_DISTRIBUTION)
def policy(request):
    current = DistributionPolicy.current()
    form = PolicyForm(request.POST or None, instance=current)
    categories = CategoryFormSet(
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
