from datetime import timedelta
from urllib.parse import urlparse

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.applications import selectors, services, status_lookup, terms
from digiketen.applications.forms.applying import STEPS, StatusLookupForm, application_data
from digiketen.applications.models import (
    Application,
    Channel,
    DistributionPolicy,
    Status,
)
from digiketen.applications.notifications import check_url
from digiketen.core import once, page_cache, ratelimit
from digiketen.helpdesk.selectors import check_appointment_of

DRAFT = "application_draft"
# The draft's one-time key: one per application in progress, not one per page shown, so every
# tab showing the same draft sends the same key and two tabs sending it make one application.
DRAFT_ONCE = "once"


STEP_SLUGS = [slug for slug, _title, _form in STEPS]


def _step_form(slug: str, data=None):
    form_class = {s: f for s, _t, f in STEPS}[slug]
    return form_class(data, prefix=None)


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def apply(request, step: str = "wat"):
    """The online application, one short step per page. Answers wait in the session until
    the last step, so nothing typed is lost when an answer needs fixing or the resident goes
    back."""
    if step not in STEP_SLUGS:
        raise Http404
    if request.method == "POST" and (done := once.earlier_result(once.key_from(request))):
        return redirect(done)  # sent twice, or from a second tab: show the confirmation again
    draft = _draft(request, start=request.method == "POST")
    key = draft.get(DRAFT_ONCE, "")
    index = STEP_SLUGS.index(step)
    # A step can only be opened when the steps before it are answered.
    for earlier in STEP_SLUGS[:index]:
        if earlier not in draft:
            return redirect("applications:apply-step", step=earlier)
    status = 200
    if request.method == "POST":
        form = _step_form(step, request.POST)
        draft[step] = {name: request.POST.getlist(name) for name in form.fields}
        request.session[DRAFT] = draft
        if form.is_valid():
            if step != STEP_SLUGS[-1]:
                return redirect("applications:apply-step", step=STEP_SLUGS[index + 1])
            if (submitted := _submit_draft(request, draft, key)) is not None:
                return submitted
            # Many applications from one place: a robot, or send them at the desk.
            form.add_error(
                None,
                _(
                    "Er zijn vanaf uw internetverbinding al veel aanvragen gestuurd. "
                    "Probeer het over een uur opnieuw, of kom langs bij een uitgiftepunt."
                ),
            )
            status = 429
    else:
        form = _step_form(step, _as_querydict(draft[step]) if step in draft else None)
    title = STEPS[index][1]
    policy = DistributionPolicy.current()
    context = {
        "form": form,
        "step": step,
        "title": title,
        "number": index + 1,
        "total": len(STEP_SLUGS),
        "previous": STEP_SLUGS[index - 1] if index else None,
        "once": key,
        "policy": policy,
        "terms": terms.current(policy),
    }
    if step == STEP_SLUGS[-1]:
        context["summary"] = _summary(draft)
    return render(request, "applications/apply.html", context, status=status)


def _draft(request, *, start: bool) -> dict:
    """The answers so far and the draft's one-time key. The key is made with the first answer
    (`start`), so a visitor who only looks at the first page gets no session."""
    draft = request.session.get(DRAFT, {})
    if (start or draft) and DRAFT_ONCE not in draft:
        draft[DRAFT_ONCE] = once.new_key()
        request.session[DRAFT] = draft
    return draft


def _as_querydict(values: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, items in values.items():
        data.setlist(name, items)
    return data


def _cleaned(draft: dict) -> dict | None:
    cleaned = {}
    for slug in STEP_SLUGS:
        form = _step_form(slug, _as_querydict(draft.get(slug, {})))
        if not form.is_valid():
            return None
        cleaned.update(form.cleaned_data)
    return cleaned


def _summary(draft: dict) -> list[tuple[str, str]]:
    """What the resident answered, to check before sending."""
    rows = []
    for slug in STEP_SLUGS[:-1]:
        form = _step_form(slug, _as_querydict(draft.get(slug, {})))
        if not form.is_valid():
            continue
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", [], False) and name not in ("school_children",):
                continue
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                labels = dict(field.choices)
                value = ", ".join(
                    str(labels.get(v, v)) for v in (value if isinstance(value, list) else [value])
                )
            elif value is True:
                value = _("Ja")
            rows.append((str(field.label), str(value)))
    return rows


class _TooMany(Exception):
    """The address used up its online applications for the hour."""


def _submit_draft(request, draft: dict, key: str):
    """Send the application once per key; None when the address sent too many this hour."""
    cleaned = _cleaned(draft)
    if cleaned is None:
        messages.error(request, _("Er ontbreekt nog iets. Kijk de stappen na."))
        return redirect("applications:apply-step", step=STEP_SLUGS[0])

    def submit() -> str:
        # Counted inside once.run, after its check of the key: the second click of a double
        # click rolls back with its duplicate, count included, instead of using up a try.
        if not ratelimit.hit(
            "apply-ip", ratelimit.client_address(request), limit=10, window=timedelta(hours=1)
        ):
            raise _TooMany
        application = services.submit_application(
            data=application_data(cleaned),
            channel=Channel.ONLINE,
            language=translation.get_language(),
        )
        return reverse("applications:applied", args=[application.reference])

    try:
        done_url = once.run(key, submit)
    except _TooMany:
        return None
    request.session.pop(DRAFT, None)
    _may_see_status(request, resolve(urlparse(done_url).path).kwargs["reference"])
    return redirect(done_url)


def _may_see_status(request, reference: str) -> None:
    """This browser sent or looked up the application: it may open its status page."""
    request.session["status_references"] = [
        *request.session.get("status_references", [])[-9:],
        reference,
    ]


@require_safe
@two_factor_exempt
@never_cache
def applied(request, reference: str):
    if reference not in request.session.get("status_references", []):
        return redirect("applications:status")
    application = get_object_or_404(Application, reference=reference)
    policy = DistributionPolicy.current()
    return render(
        request,
        "applications/applied.html",
        {
            "application": application,
            "policy": policy,
            "terms": terms.current(policy, deposit_cents=application.deposit_cents),
        }
        | _check(application),
    )


def _check(application) -> dict:
    """The eligibility check's appointment at a hub that works by appointment: the one booked,
    or the link to book it (helpdesk's booking pages), which ties it to this application."""
    url = check_url(application)
    if not url:
        return {}
    return {
        "check_url": url,
        "check_appointment": check_appointment_of(application),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def status(request):
    """Reference code plus postcode opens the status; see status_lookup for the limits."""
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        outcome = status_lookup.look_up(
            reference=reference,
            postcode=form.cleaned_data["postcode"],
            address=ratelimit.client_address(request),
        )
        if outcome == status_lookup.Outcome.LIMITED:
            return page_cache.render_shared_form(
                request,
                "applications/status_lookup.html",
                form,
                context={"limited": True},
                variant="limited",
                status=429,
            )
        if outcome == status_lookup.Outcome.FOUND:
            _may_see_status(request, reference)
            return redirect("applications:status-detail", reference=reference)
        form.add_error(
            None,
            _(
                "Wij vinden geen aanvraag met deze code en postcode. "
                "Kijk of u ze goed heeft getypt."
            ),
        )
    # A sent form: made once per language and shape, filled in with this lookup's values.
    return page_cache.render_shared_form(request, "applications/status_lookup.html", form)


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def status_detail(request, reference: str):
    if reference not in request.session.get("status_references", []):
        return redirect("applications:status")
    application = get_object_or_404(
        Application.objects.select_related("hub", "slot"), reference=reference
    )
    policy = DistributionPolicy.current()
    context = {
        "application": application,
        "provisions": application.internet_provisions.all(),
        "policy": policy,
        "terms": terms.current(policy, deposit_cents=application.deposit_cents),
    } | _check(application)
    if application.status == Status.WAITING:
        place, length = selectors.queue_position(application)
        context.update(
            place=place,
            length=length,
            weeks=selectors.estimated_weeks(place, selectors.month_capacity(application.hub)),
        )
    return render(request, "applications/status_detail.html", context)
