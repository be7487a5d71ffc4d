"""The one way to make a PDF: a template rendered to HTML, printed by WeasyPrint."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_CSS = "digiketen/overview-print.css"


def render_pdf(template: str, context: dict, *, stylesheet: str = PRINT_CSS, request=None) -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(template, context, request=request)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(stylesheet))])
