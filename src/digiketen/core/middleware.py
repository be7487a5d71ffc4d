"""Refusals by a business rule (core.errors) that a view did not handle itself: after a form
was sent, the message appears on the page the person came from; otherwise on a page of its
own. The API answers them as problem+json (api.problems)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from digiketen.core.errors import Refused


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused) or request.path.startswith("/api/"):
            return None
        back = request.META.get("HTTP_REFERER", "")
        if request.method == "POST" and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(request, str(exception))
            return redirect(back)
        return render(request, "refused.html", {"message": str(exception)}, status=409)
