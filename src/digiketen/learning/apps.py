from django.apps import AppConfig


class LearningConfig(AppConfig):
    """Structural help: courses at low-threshold places (`courses`) and buddy volunteers
    (`buddies`). Each half keeps its own modules under models/, services/, selectors/ and
    views/; they meet only where the chain joins them (a help point visit or a laptop
    handout that asks for a course or a buddy)."""

    name = "digiketen.learning"
    verbose_name = "Leren en maatjes"

    def ready(self):
        from digiketen.directory import offers
        from digiketen.directory.models import ServiceType

        # A course in the finder offers the sign-up form: one form for every course.
        offers.register(ServiceType.COURSE, _sign_up)

        from digiketen.core import followups
        from digiketen.learning import chain_courses

        # A visit referred to a course, a handout with a course wish: sign up from there.
        followups.register("helpdesk.visit", chain_courses.for_visit)
        followups.register("applications.handover", chain_courses.for_handover)


def _sign_up(service, offer):
    from dataclasses import replace

    from django.urls import reverse
    from django.utils.translation import gettext as _

    return replace(
        offer, action_url=reverse("learning:signup"), action_label=_("Meld u aan voor een cursus")
    )
