from datetime import timedelta

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.core import page_cache, ratelimit
from digiketen.helpdesk import forms, selectors, services


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def survey_start(request):
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("helpdesk:survey", code=form.cleaned_data["code"])
    return render(request, "helpdesk/survey_start.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def survey(request, code: str):
    # Only lookups that find no open code count: guessing codes is slow, while a resident
    # who opens the link again and again is never stopped (and costs one read).
    misses = ratelimit.Limit(
        "survey-ip", ratelimit.client_address(request), 30, timedelta(minutes=15)
    )
    state = selectors.survey_code_state(code, misses=misses)
    if state.value != "open":
        ratelimit.hit_all(misses)
    if state.limited:
        return render(request, "helpdesk/survey_closed.html", {"limited": True}, status=429)
    if state.value != "open":
        return render(
            request,
            "helpdesk/survey_closed.html",
            {"used": state.value == "used"},
            status=404,  # the same for unknown, used and expired codes: guessing learns nothing
        )
    if request.method != "POST":  # the questions are the same for every code
        return page_cache.render_shared(
            request, "helpdesk/survey.html", lambda: {"form": forms.SurveyForm()}
        )
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.answer_survey(code=code, data=form.cleaned_data)
        except services.SurveyClosed:
            return render(request, "helpdesk/survey_closed.html", {"used": True}, status=404)
        return render(request, "helpdesk/survey_thanks.html")
    return render(request, "helpdesk/survey.html", {"form": form})
