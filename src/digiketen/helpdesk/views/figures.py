import csv
from datetime import date, timedelta
from io import BytesIO

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from digiketen import permissions
from digiketen.helpdesk import forms, selectors
from digiketen.helpdesk.views.common import reads_figures
from digiketen.permissions import Perm


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


@require_safe
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
        (_("Tevredenheid"), _("Komt nog eens terug (%)"), "would_return_share"),
        (_("Tevredenheid"), _("Raadt ons aan (%)"), "would_recommend_share"),
        (
            _("Tevredenheid"),
            _("Komt terug of raadt aan, oude vraag met één antwoord (%)"),
            "returns_or_recommends_share",
        ),
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


@require_safe
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


@require_safe
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


@require_safe
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


@require_safe
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
