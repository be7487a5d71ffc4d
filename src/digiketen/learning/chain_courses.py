"""Where the chain meets the courses: a help point visit with outcome "b" (referred to a
course) and a laptop handout whose resident wants a course offer the sign-up; once done, the
visit and the handout show it. Registered in LearningConfig.ready(); helpdesk and
applications know only core.followups."""

from django.urls import reverse
from django.utils.translation import gettext as _

from digiketen.core.followups import FollowUp

REFERRED_TO_A_COURSE = "b"


def _done(requests) -> list[FollowUp]:
    return [
        FollowUp(
            _("Aangemeld voor %(course)s: %(status)s.")
            % {"course": e.programme, "status": e.get_status_display().lower()}
        )
        for e in requests
    ]


def for_visit(contact, user) -> list[FollowUp]:
    requests = list(contact.course_requests.select_related("programme"))
    if requests:
        return _done(requests)
    if not contact.questions.filter(outcome_id=REFERRED_TO_A_COURSE).exists():
        return []
    return [
        FollowUp(
            _("Doorverwezen naar een cursus."),
            reverse("learning:from-visit", args=[contact.pk]),
            _("Wil de bezoeker een cursus? Meld hem of haar hier aan."),
        )
    ]


def for_handover(handover, user) -> list[FollowUp]:
    requests = list(handover.course_requests.select_related("programme"))
    if requests:
        return _done(requests)
    if not handover.course_wanted:
        return []
    return [
        FollowUp(
            _("Nog niet aangemeld voor een cursus."),
            reverse("learning:from-handover", args=[handover.pk]),
            _("Meld de inwoner aan voor een cursus"),
        )
    ]
