from django.conf import settings


class APIVersionMiddleware:
    """Every /api/v1 response says which version answered (API Design Rule API-57)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/v1"):
            response["API-Version"] = settings.API_VERSION
        return response
