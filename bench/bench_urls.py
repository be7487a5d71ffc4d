"""The site's URLs plus the bare view the load benchmark measures every page against."""

from django.http import HttpResponse
from django.urls import path

from digiketen import permissions
from digiketen.accounts.middleware import two_factor_exempt
from digiketen.permissions import Perm
from digiketen.urls import urlpatterns as site_urlpatterns


@two_factor_exempt
def ok(request):
    return HttpResponse("ok", content_type="text/plain")


@permissions.require_perm(Perm.REGISTER_HELP)
def staff_ok(request):
    """The floor of every staff page: the session, the user, the second factor and the
    memberships are read as for any staff view; nothing else happens."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok), path("bench/staff-ok", staff_ok), *site_urlpatterns]
