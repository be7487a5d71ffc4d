"""The buddy figures as a download (CSV with semicolons, or Excel), the way the help point
figures are exported: the same rows as the page, this period and a year earlier."""

import csv
from datetime import date
from io import BytesIO

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _


def respond(fmt: str, *, rows, start: date, end: date, where: str) -> HttpResponse:
    name = f"maatjes-{start.isoformat()}-{end.isoformat()}"
    header = (_("Wat"), _("Deze periode"), _("Een jaar eerder"))
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        writer.writerows((str(label), now, earlier) for label, now, earlier in rows)
        return response
    if fmt != "xlsx":
        raise Http404
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = start.isoformat()
    sheet.append([_("Maatjes"), where, str(start), str(end)])
    sheet.append(header)
    for label, now, earlier in rows:
        sheet.append([str(label), now, earlier])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
