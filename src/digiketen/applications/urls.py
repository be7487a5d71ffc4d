from django.urls import path

from digiketen.applications import views

app_name = "applications"

staff = "werkruimte/aanvragen"
urlpatterns = [
    path("laptop-aanvragen", views.apply, name="apply"),
    path("laptop-aanvragen/<slug:step>", views.apply, name="apply-step"),
    path("aanvraag-verstuurd/<str:reference>", views.applied, name="applied"),
    path("status", views.status, name="status"),
    path("status/<str:reference>", views.status_detail, name="status-detail"),
    path("ophalen/<str:token>", views.invitation, name="invitation"),
    path("ophalen/<str:token>/afspraak.ics", views.invitation_ics, name="invitation-ics"),
    path(staff, views.application_list, name="list"),
    path(f"{staff}/nieuw", views.application_new, name="new"),
    path(f"{staff}/wachtlijst", views.waiting_list, name="waiting-list"),
    path(f"{staff}/ophaaltijden", views.slots, name="slots"),
    path(f"{staff}/dagoverzicht", views.day_list, name="day-list"),
    path(f"{staff}/kas", views.cash, name="cash"),
    path(f"{staff}/brieven-en-telefoontjes", views.staff_tasks, name="tasks"),
    path(f"{staff}/berichten/<int:pk>/brief.pdf", views.letter_pdf, name="letter"),
    path(f"{staff}/berichten/<int:pk>/gedaan", views.task_done, name="task-done"),
    path(f"{staff}/internet-thuis", views.internet_list, name="internet-list"),
    path(f"{staff}/regels", views.policy, name="policy"),
    path(f"{staff}/<int:pk>", views.application_detail, name="detail"),
    path(f"{staff}/<int:pk>/toelating", views.eligibility, name="eligibility"),
    path(f"{staff}/<int:pk>/naar-voren", views.move_up, name="move-up"),
    path(f"{staff}/<int:pk>/reserveren", views.reserve, name="reserve"),
    path(f"{staff}/<int:pk>/afspraak", views.book_for_resident, name="book"),
    path(f"{staff}/<int:pk>/niet-gekomen", views.no_show, name="no-show"),
    path(f"{staff}/<int:pk>/uitgifte", views.handover, name="handover"),
    path(f"{staff}/<int:pk>/uitgegeven", views.handover_done, name="handover-done"),
    path(f"{staff}/<int:pk>/overeenkomst.pdf", views.agreement_pdf, name="agreement"),
    path(f"{staff}/<int:pk>/terugbrengen", views.return_device, name="return"),
    path(f"{staff}/<int:pk>/internet", views.internet_add, name="internet"),
    path(
        f"{staff}/<int:pk>/reservering-vervalt",
        views.reason_step,
        {"step": "release"},
        name="release",
    ),
    path(f"{staff}/<int:pk>/kwijt", views.reason_step, {"step": "lost"}, name="lost"),
    path(f"{staff}/<int:pk>/sluiten", views.reason_step, {"step": "close"}, name="close"),
]
