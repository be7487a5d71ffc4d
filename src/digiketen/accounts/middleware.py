from django.shortcuts import redirect


def two_factor_exempt(view):
    """Mark a view that a password-only session may open (public pages, the 2FA steps)."""
    view.two_factor_exempt = True
    return view


class TwoFactorRequiredMiddleware:
    """Send a logged-in user who still owes a second factor to the 2FA step.

    Applies to every view not marked with `two_factor_exempt`, so a new staff page is
    protected without anyone remembering to do so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if getattr(view_func, "two_factor_exempt", False) or not user.is_authenticated:
            return None
        if user.is_verified():
            return None
        from digiketen.accounts.selectors import needs_second_factor

        if needs_second_factor(user):
            return redirect("accounts:two-factor")
        return None
