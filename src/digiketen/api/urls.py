from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.inventory import api as inventory_api

app_name = "api"

urlpatterns = [
    path("openapi.json", two_factor_exempt(SpectacularJSONAPIView.as_view()), name="openapi"),
    path(
        "devices/<str:assetTag>/captures",
        two_factor_exempt(inventory_api.CaptureUpload.as_view()),
        name="device-captures",
    ),
]
