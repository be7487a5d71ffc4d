from django.urls import path

from digiketen.helpdesk.models import Purpose
from digiketen.helpdesk.views import appointments, booking, figures, survey, visits

app_name = "helpdesk"
CHECK = Purpose.ELIGIBILITY

staff = "werkruimte/informatiepunt"
urlpatterns = [
    path("afspraak", booking.book, name="book"),
    path("afspraak/gemaakt/<int:pk>", booking.booked, name="booked"),
    path("afspraak/wijzigen/<str:token>", booking.manage, name="manage"),
    # The same pages book a hub's eligibility check (issue 12, point 2).
    path("afspraak/laptop", booking.book, {"purpose": CHECK}, name="book-check"),
    path(
        "afspraak/laptop/<uuid:location>",
        booking.book_day,
        {"purpose": CHECK},
        name="book-check-day",
    ),
    path(
        "afspraak/laptop/<uuid:location>/<str:day>",
        booking.book_time,
        {"purpose": CHECK},
        name="book-check-time",
    ),
    path("afspraak/<uuid:location>", booking.book_day, name="book-day"),
    path("afspraak/<uuid:location>/<str:day>", booking.book_time, name="book-time"),
    path("tevredenheid", survey.survey_start, name="survey-start"),
    path("tevredenheid/<str:code>", survey.survey, name="survey"),
    path(staff, visits.register, name="register"),
    path(f"{staff}/bezoeken", visits.visit_list, name="visit-list"),
    path(f"{staff}/bezoeken/<int:pk>", visits.contact_detail, name="contact-detail"),
    path(f"{staff}/bezoeken/<int:pk>/verbeteren", visits.correct, name="correct"),
    path(f"{staff}/bezoeken/<int:pk>/briefje", visits.slip, name="slip"),
    path(f"{staff}/bezoeken/<int:pk>/antwoord-op-papier", visits.paper_answer, name="paper-answer"),
    path(f"{staff}/afspraken", appointments.appointments, name="appointments"),
    path(f"{staff}/afspraken/dag", appointments.helper_day, name="helper-day"),
    path(f"{staff}/afspraken/<int:pk>", appointments.appointment, name="appointment"),
    path(
        f"{staff}/afspraken/<int:pk>/stand",
        appointments.appointment_status,
        name="appointment-status",
    ),
    path(
        f"{staff}/afspraken/<int:pk>/afspraak.ics",
        appointments.appointment_ics,
        name="appointment-ics",
    ),
    path(
        f"{staff}/afspraken/<int:pk>/briefje",
        appointments.appointment_slip,
        name="appointment-slip",
    ),
    path(f"{staff}/vaste-vragen", visits.templates, name="templates"),
    path(
        f"{staff}/vaste-vragen/<int:pk>/verwijderen", visits.template_delete, name="template-delete"
    ),
    path(f"{staff}/codelijsten", visits.code_lists, name="code-lists"),
    path(f"{staff}/cijfers", figures.figures, name="figures"),
    path(f"{staff}/cijfers.<str:fmt>", figures.figures_export, name="figures-export"),
    path(f"{staff}/jaarcijfers", figures.year_figures, name="year"),
    path(f"{staff}/signalen", figures.signals, name="signals"),
    path(f"{staff}/signalen.csv", figures.signals_export, name="signals-export"),
]
