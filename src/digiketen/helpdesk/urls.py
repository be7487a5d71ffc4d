from django.urls import path

from digiketen.helpdesk import views

app_name = "helpdesk"

staff = "werkruimte/informatiepunt"
urlpatterns = [
    path("tevredenheid", views.survey_start, name="survey-start"),
    path("tevredenheid/<str:code>", views.survey, name="survey"),
    path(staff, views.register, name="register"),
    path(f"{staff}/bezoeken", views.visit_list, name="visit-list"),
    path(f"{staff}/bezoeken/<int:pk>", views.contact_detail, name="contact-detail"),
    path(f"{staff}/bezoeken/<int:pk>/verbeteren", views.correct, name="correct"),
    path(f"{staff}/bezoeken/<int:pk>/briefje", views.slip, name="slip"),
    path(f"{staff}/bezoeken/<int:pk>/antwoord-op-papier", views.paper_answer, name="paper-answer"),
    path(f"{staff}/afspraken", views.appointments, name="appointments"),
    path(f"{staff}/afspraken/dag", views.helper_day, name="helper-day"),
    path(f"{staff}/afspraken/<int:pk>", views.appointment, name="appointment"),
    path(f"{staff}/afspraken/<int:pk>/stand", views.appointment_status, name="appointment-status"),
    path(f"{staff}/afspraken/<int:pk>/afspraak.ics", views.appointment_ics, name="appointment-ics"),
    path(f"{staff}/afspraken/<int:pk>/briefje", views.appointment_slip, name="appointment-slip"),
    path(f"{staff}/vaste-vragen", views.templates, name="templates"),
    path(
        f"{staff}/vaste-vragen/<int:pk>/verwijderen", views.template_delete, name="template-delete"
    ),
    path(f"{staff}/codelijsten", views.code_lists, name="code-lists"),
    path(f"{staff}/cijfers", views.figures, name="figures"),
    path(f"{staff}/cijfers.<str:fmt>", views.figures_export, name="figures-export"),
    path(f"{staff}/jaarcijfers", views.year_figures, name="year"),
    path(f"{staff}/signalen", views.signals, name="signals"),
    path(f"{staff}/signalen.csv", views.signals_export, name="signals-export"),
]
