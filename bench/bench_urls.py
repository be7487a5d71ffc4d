"""The site's URLs plus the bare view the load benchmark measures every page against."""

from django.http import HttpResponse
from django.urls import path

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.urls import urlpatterns as site_urlpatterns


@two_factor_exempt
def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok), *site_urlpatterns]
