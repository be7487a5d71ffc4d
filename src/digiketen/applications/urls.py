from django.urls import path
from django.views.generic import RedirectView

from digiketen.applications.views import (
    checks,
    handover,
    internet,
    pickup,
    policy,
    public,
    queue,
    staff,
)
from digiketen.core import views as core_views

app_name = "applications"

prefix = "werkruimte/aanvragen"
urlpatterns = [
    path("laptop-aanvragen", public.apply, name="apply"),
    path("laptop-aanvragen/<slug:step>", public.apply, name="apply-step"),
    path("aanvraag-verstuurd/<str:reference>", public.applied, name="applied"),
    path("status", public.status, name="status"),
    path("status/<str:reference>", public.status_detail, name="status-detail"),
    path("ophalen/<str:token>", pickup.invitation, name="invitation"),
    path("ophalen/<str:token>/afspraak.ics", pickup.invitation_ics, name="invitation-ics"),
    path(prefix, staff.application_list, name="list"),
    path(f"{prefix}/nieuw", staff.application_new, name="new"),
    path(f"{prefix}/wachtlijst", queue.waiting_list, name="waiting-list"),
    path(f"{prefix}/ophaaltijden", pickup.slots, name="slots"),
    path(f"{prefix}/dagoverzicht", pickup.day_list, name="day-list"),
    path(f"{prefix}/controle-afspraken", checks.checks, name="checks"),
    path(f"{prefix}/controle-afspraken/<int:pk>/stand", checks.check_status, name="check-status"),
    path(f"{prefix}/kas", handover.cash, name="cash"),
    # Letters and calls moved to core's to-do list (one outbox for every domain); messages kept
    # their numbers, so old addresses still work.
    path(
        f"{prefix}/brieven-en-telefoontjes",
        RedirectView.as_view(
            pattern_name="core:to-do", permanent=True, http_method_names=["get", "head"]
        ),
        name="tasks",
    ),
    path(f"{prefix}/berichten/<int:pk>/brief.pdf", core_views.letter_pdf, name="letter"),
    path(f"{prefix}/berichten/<int:pk>/gedaan", core_views.message_done, name="task-done"),
    path(f"{prefix}/internet-thuis", internet.internet_list, name="internet-list"),
    path(f"{prefix}/regels", policy.policy, name="policy"),
    path(f"{prefix}/<int:pk>", staff.application_detail, name="detail"),
    path(f"{prefix}/<int:pk>/toelating", queue.eligibility, name="eligibility"),
    path(f"{prefix}/<int:pk>/naar-voren", queue.move_up, name="move-up"),
    path(f"{prefix}/<int:pk>/reserveren", queue.reserve, name="reserve"),
    path(f"{prefix}/<int:pk>/afspraak", pickup.book_for_resident, name="book"),
    path(f"{prefix}/<int:pk>/niet-gekomen", pickup.no_show, name="no-show"),
    path(f"{prefix}/<int:pk>/uitgifte", handover.handover, name="handover"),
    path(f"{prefix}/<int:pk>/uitgegeven", handover.handover_done, name="handover-done"),
    path(f"{prefix}/<int:pk>/overeenkomst.pdf", handover.agreement_pdf, name="agreement"),
    path(f"{prefix}/<int:pk>/terugbrengen", handover.return_device, name="return"),
    path(f"{prefix}/<int:pk>/internet", internet.internet_add, name="internet"),
    path(
        f"{prefix}/<int:pk>/reservering-vervalt",
        handover.reason_step,
        {"step": "release"},
        name="release",
    ),
    path(f"{prefix}/<int:pk>/kwijt", handover.reason_step, {"step": "lost"}, name="lost"),
    path(f"{prefix}/<int:pk>/sluiten", handover.reason_step, {"step": "close"}, name="close"),
]
