import csv
from datetime import date, timedelta
from io import BytesIO

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from digiketen import permissions
from digiketen.accounts.middleware import two_factor_exempt
from digiketen.accounts.qr import qr_svg
from digiketen.core import audit, once, ratelimit
from digiketen.core.calendar import day_or_today
from digiketen.helpdesk import forms, selectors, services
from digiketen.helpdesk.models import HelpContact, SurveyCode
from digiketen.permissions import Perm

registers = permissions.require_perm(Perm.REGISTER_HELP)
reads_figures = permissions.require_perm(Perm.VIEW_HELP_FIGURES)


def _visit_forms(request, instance=None):
    data = request.POST if request.method == "POST" else None
    visit = forms.VisitForm(data, user=request.user, instance=instance)
    initial = None
    if instance is not None:
        initial = [
            {"theme": q.theme, "agencies": list(q.agencies.all()), "outcome": q.outcome}
            for q in instance.questions.all()
        ]
    questions = forms.QuestionFormSet(
        data, prefix="vraag", initial=initial, form_kwargs={"user": request.user, "shared": {}}
    )
    if instance is None:
        # Registering starts at the first question: where and how are usually as last time.
        questions.forms[0].fields["template"].widget.attrs["autofocus"] = True
    return visit, questions


@registers
def register(request):
    """One page, quick by keyboard: where, how, the questions and what came of them."""
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    visit, questions = _visit_forms(request)
    if request.method == "POST" and visit.is_valid() and questions.is_valid():
        url = once.run(
            key,
            lambda: reverse(
                "helpdesk:contact-detail",
                args=[
                    services.register_visit(
                        actor=request.user, data=visit.cleaned_data, questions=questions.questions()
                    ).pk
                ],
            ),
        )
        messages.success(request, _("Het bezoek is geregistreerd."))
        return redirect(url)
    today = timezone.localdate()
    recent = (
        selectors.registered_visits(user=request.user)
        .filter(helper=request.user, started_at__date=today)
        .prefetch_related("questions__theme")[:10]
    )
    return render(
        request,
        "helpdesk/register.html",
        {"visit": visit, "questions": questions, "once": key, "recent": recent},
    )


def _contact(request, pk) -> HelpContact:
    return get_object_or_404(selectors.registered_visits(user=request.user), pk=pk)


@registers
def contact_detail(request, pk):
    contact = _contact(request, pk)
    survey = getattr(contact, "survey", None)
    return render(
        request,
        "helpdesk/contact_detail.html",
        {
            "contact": contact,
            "questions": contact.questions.select_related("theme").prefetch_related("agencies"),
            "survey": survey,
            "answer": getattr(contact, "survey_answer", None),
            "survey_url": _survey_url(request, survey) if survey else "",
            "qr": qr_svg(_survey_url(request, survey), label=_("QR-code naar de vragenlijst"))
            if survey
            else "",
        },
    )


def _survey_url(request, survey: SurveyCode) -> str:
    return request.build_absolute_uri(reverse("helpdesk:survey", args=[survey.code]))


@registers
def slip(request, pk):
    """A slip to print and hand over: the code and a QR code to the survey."""
    contact = _contact(request, pk)
    survey = get_object_or_404(SurveyCode, contact=contact)
    url = _survey_url(request, survey)
    return render(
        request,
        "helpdesk/slip.html",
        {"contact": contact, "survey": survey, "url": url, "qr": qr_svg(url, label="QR")},
    )


@registers
def correct(request, pk):
    contact = _contact(request, pk)
    visit, questions = _visit_forms(request, instance=contact)
    if request.method == "POST" and visit.is_valid() and questions.is_valid():
        services.correct_visit(
            actor=request.user,
            contact_id=contact.pk,
            data=visit.cleaned_data,
            questions=questions.questions(),
        )
        messages.success(request, _("De registratie is verbeterd."))
        return redirect(contact.get_absolute_url())
    return render(
        request,
        "helpdesk/correct.html",
        {"contact": contact, "visit": visit, "questions": questions},
    )


@registers
def paper_answer(request, pk):
    contact = _contact(request, pk)
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_paper_answer(
                actor=request.user, contact_id=contact.pk, data=form.cleaned_data
            )
        except services.SurveyClosed:
            messages.error(request, _("Voor dit bezoek is de vragenlijst al ingevuld."))
        else:
            messages.success(request, _("Het antwoord op papier is ingevoerd."))
        return redirect(contact.get_absolute_url())
    return render(request, "helpdesk/paper_answer.html", {"contact": contact, "form": form})


@registers
def visit_list(request):
    page = Paginator(
        selectors.registered_visits(user=request.user).prefetch_related("questions__theme"), 25
    ).get_page(request.GET.get("page"))
    return render(request, "helpdesk/visit_list.html", {"page": page})


@registers
def templates(request):
    organisation = selectors.own_organisation(user=request.user)
    form = forms.TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        services.save_template(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("De vaste vraag is opgeslagen."))
        return redirect("helpdesk:templates")
    return render(
        request,
        "helpdesk/templates.html",
        {
            "form": form,
            "templates": selectors.templates_for(user=request.user).prefetch_related("agencies"),
        },
    )


@registers
@require_POST
def template_delete(request, pk):
    template = get_object_or_404(selectors.templates_for(user=request.user), pk=pk)
    services.delete_template(actor=request.user, template_id=template.pk)
    messages.success(request, _("De vaste vraag is verwijderd."))
    return redirect("helpdesk:templates")


# --- The visitor's survey --------------------------------------------------------------------


@two_factor_exempt
@never_cache
def survey_start(request):
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("helpdesk:survey", code=form.cleaned_data["code"])
    return render(request, "helpdesk/survey_start.html", {"form": form})


@two_factor_exempt
@never_cache
def survey(request, code: str):
    if not ratelimit.hit(
        "survey-ip", ratelimit.client_address(request), limit=30, window=timedelta(minutes=15)
    ):
        return render(request, "helpdesk/survey_closed.html", {"limited": True}, status=429)
    survey_code = SurveyCode.objects.filter(code=code.upper()).first()
    open_ = (
        survey_code is not None
        and survey_code.used_at is None
        and survey_code.expires_at > timezone.now()
    )
    if not open_:
        return render(
            request,
            "helpdesk/survey_closed.html",
            {"used": survey_code is not None and survey_code.used_at is not None},
            status=404,  # the same for unknown, used and expired codes: guessing learns nothing
        )
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(code=code, data=form.cleaned_data)
        except services.SurveyClosed:
            return render(request, "helpdesk/survey_closed.html", {"used": True}, status=404)
        return render(request, "helpdesk/survey_thanks.html")
    return render(request, "helpdesk/survey.html", {"form": form, "code": code.upper()})


# --- Figures ---------------------------------------------------------------------------------


def _figures_request(request):
    form = forms.FiguresForm(request.GET or None, user=request.user)
    location, kind, day = None, "month", timezone.localdate()
    if form.is_bound and form.is_valid():
        location = form.cleaned_data["location"]
        kind = form.cleaned_data["period"]
        day = form.cleaned_data["day"] or day
    period = selectors.Period.around(day, kind)
    ids, where = selectors.figure_scope(user=request.user, location=location)
    return form, period, ids, where


@reads_figures
def figures(request):
    form, period, ids, where = _figures_request(request)
    now = selectors.figures(ids, period)
    before = selectors.figures(ids, period.a_year_earlier())
    return render(
        request,
        "helpdesk/figures.html",
        {
            "form": form,
            "now": now,
            "before": before,
            "where": where,
            "query": request.GET.urlencode(),
            "may_edit_lists": permissions.has_perm(request.user, Perm.CONFIGURE_HELPDESK),
            "comments": selectors.comments(ids, period),
        },
    )


def _rows(now, before) -> list[tuple[str, str, object, object]]:
    """The figures of a period and of a year earlier, row by row, for the exports."""
    rows = [
        (_("Totaal"), _("Bezoeken"), "visits"),
        (_("Totaal"), _("Vragen"), "questions"),
        (_("Totaal"), _("Gemiddelde duur (minuten)"), "average_minutes"),
        (_("Totaal"), _("Opgelost of doorverwezen (%)"), "solved_share"),
        (_("Totaal"), _("Vervolg nodig"), "follow_ups"),
        (_("Totaal"), _("Doorverwezen"), "referrals"),
        (_("Tevredenheid"), _("Antwoorden"), "answers"),
        (_("Tevredenheid"), _("Respons (%)"), "response_rate"),
        (_("Tevredenheid"), _("Geholpen (%)"), "helped_share"),
        (_("Tevredenheid"), _("Een beetje geholpen (%)"), "partly_share"),
        (_("Tevredenheid"), _("Gemiddeld cijfer"), "average_mark"),
        (_("Tevredenheid"), _("Komt terug of raadt aan (%)"), "would_return_share"),
    ]
    result = [
        (section, label, getattr(now, key), getattr(before, key)) for section, label, key in rows
    ]
    for section, key in (
        (_("Thema"), "themes"),
        (_("Instantie"), "agencies"),
        (_("Uitkomst"), "outcomes"),
        (_("Kanaal"), "channels"),
    ):
        earlier = dict(getattr(before, key))
        result += [
            (section, label, count, earlier.get(label, 0)) for label, count in getattr(now, key)
        ]
    return result


@reads_figures
def figures_export(request, fmt: str):
    _form, period, ids, where = _figures_request(request)
    rows = _rows(selectors.figures(ids, period), selectors.figures(ids, period.a_year_earlier()))
    name = f"informatiepunt-{period.start.isoformat()}-{period.kind}"
    header = (_("Onderdeel"), _("Omschrijving"), _("Deze periode"), _("Een jaar eerder"))
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        return response
    if fmt != "xlsx":
        raise Http404
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(period.start)
    sheet.append(
        [_("Informatiepunt"), where, str(period.start), str(period.end - timedelta(days=1))]
    )
    sheet.append(header)
    for row in rows:
        sheet.append([str(row[0]), str(row[1]), row[2], row[3]])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@reads_figures
def year_figures(request):
    this_year = timezone.localdate().year
    form = forms.YearForm(request.GET or None, user=request.user, initial={"year": this_year})
    location, year = None, this_year
    if form.is_bound and form.is_valid():
        location, year = form.cleaned_data["location"], form.cleaned_data["year"]
    period = selectors.Period.around(date(year, 1, 1), "year")
    ids, where = selectors.figure_scope(user=request.user, location=location)
    now = selectors.figures(ids, period)
    before = selectors.figures(ids, period.a_year_earlier())
    return render(
        request,
        "helpdesk/year.html",
        {
            "form": form,
            "now": now,
            "before": before,
            "where": where,
            "summary": selectors.year_summary(now, where, before),
        },
    )


@reads_figures
def signals(request):
    form, period, ids, where = _figures_request(request)
    return render(
        request,
        "helpdesk/signals.html",
        {
            "form": form,
            "period": period,
            "where": where,
            "signals": selectors.signals(ids, period),
            "query": request.GET.urlencode(),
        },
    )


@reads_figures
def signals_export(request):
    _form, period, ids, _where = _figures_request(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="signalen-{period.start.isoformat()}-{period.kind}.csv"'
    )
    writer = csv.writer(response, delimiter=";")
    writer.writerow((_("Instantie"), _("Thema"), _("Vragen"), _("Niet opgelost")))
    for signal in selectors.signals(ids, period):
        for theme, count, unsolved in signal.themes:
            writer.writerow((signal.agency, theme, count, unsolved))
    return response


@permissions.require_perm(Perm.CONFIGURE_HELPDESK)
def code_lists(request):
    data = request.POST or None
    themes = forms.ThemeFormSet(data, prefix="thema", queryset=selectors.all_themes())
    agencies = forms.AgencyFormSet(data, prefix="instantie", queryset=selectors.all_agencies())
    outcomes = forms.OutcomeFormSet(data, prefix="uitkomst", queryset=selectors.all_outcomes())
    formsets = (themes, agencies, outcomes)
    if request.method == "POST" and all(formset.is_valid() for formset in formsets):
        services.save_code_lists(
            actor=request.user,
            items=[item for formset in formsets for item in formset.save(commit=False)],
        )
        messages.success(request, _("De lijsten zijn opgeslagen."))
        return redirect("helpdesk:code-lists")
    return render(
        request,
        "helpdesk/code_lists.html",
        {"themes": themes, "agencies": agencies, "outcomes": outcomes},
    )


# --- Follow-up appointments --------------------------------------------------------------------


@registers
def appointments(request):
    """Plan times and book a follow-up; with ?bezoek=<id> the booking follows that visit."""
    key = once.key_from(request)
    if "book" in request.POST and (done := once.earlier_result(key)):
        return redirect(done)  # the same booking sent twice
    series = forms.SlotSeriesForm(
        request.POST if "series" in request.POST else None, user=request.user
    )
    follow_up_of = None
    if visit_id := request.GET.get("bezoek", ""):
        follow_up_of = _contact(request, visit_id) if visit_id.isdigit() else None
    initial = {"theme": follow_up_of.questions.first().theme} if follow_up_of else {}
    booking = forms.AppointmentForm(
        request.POST if "book" in request.POST else None, user=request.user, initial=initial
    )
    if request.method == "POST" and series.is_bound and series.is_valid():
        data = series.cleaned_data
        try:
            count = services.create_slots(
                actor=request.user,
                location=data["location"],
                helper=data["helper"],
                day=data["day"],
                first=data["first"].strftime("%H:%M"),
                last=data["last"].strftime("%H:%M"),
                minutes=data["minutes"],
            )
        except services.Refused as exc:
            series.add_error(None, str(exc))
        else:
            messages.success(request, _("%(count)s tijden gemaakt.") % {"count": count})
            return redirect("helpdesk:appointments")
    if request.method == "POST" and booking.is_bound and booking.is_valid():
        data = dict(booking.cleaned_data)
        slot = data.pop("slot")
        try:
            url = once.run(
                key,
                lambda: services.book_appointment(
                    actor=request.user,
                    slot_id=slot.pk,
                    data=data | {"follow_up_of": follow_up_of},
                ).get_absolute_url(),
            )
        except services.SlotTaken:
            booking.add_error("slot", _("Deze tijd is net door iemand anders gekozen."))
        else:
            messages.success(request, _("De afspraak is gemaakt."))
            return redirect(url)
    return render(
        request,
        "helpdesk/appointments.html",
        {"series": series, "booking": booking, "follow_up_of": follow_up_of, "once": key},
    )


def _appointment(request, pk):
    return get_object_or_404(selectors.appointments(user=request.user), pk=pk)


@registers
def appointment(request, pk):
    appointment = _appointment(request, pk)
    if appointment.forgotten_at is None and (
        appointment.visitor_name or appointment.phone or appointment.email
    ):
        # A visitor's name and contact details were read: that is logged.
        audit.record("helpdesk.appointment_viewed", actor=request.user, subject=appointment)
    return render(request, "helpdesk/appointment.html", {"appointment": appointment})


@registers
@require_POST
def appointment_status(request, pk):
    appointment = _appointment(request, pk)
    services.set_appointment_status(
        actor=request.user,
        appointment_id=appointment.pk,
        status=request.POST.get("status", ""),
    )
    messages.success(request, _("Opgeslagen."))
    return redirect(appointment.get_absolute_url())


@registers
def appointment_ics(request, pk):
    appointment = _appointment(request, pk)
    response = HttpResponse(
        services.appointment_event(appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="afspraak.ics"'
    return response


@registers
def appointment_slip(request, pk):
    appointment = _appointment(request, pk)
    return render(request, "helpdesk/appointment_slip.html", {"appointment": appointment})


@registers
def helper_day(request):
    helpers = selectors.helpers_at(user=request.user)
    chosen = request.GET.get("medewerker", "")
    helper = get_object_or_404(helpers, pk=chosen) if chosen.isdigit() else request.user
    day = day_or_today(request.GET.get("dag", ""))
    return render(
        request,
        "helpdesk/helper_day.html",
        {
            "helper": helper,
            "helpers": helpers,
            "day": day,
            "slots": selectors.day_list(user=request.user, helper=helper, day=day),
        },
    )
