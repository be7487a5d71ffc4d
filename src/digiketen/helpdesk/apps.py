from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "digiketen.helpdesk"
    verbose_name = "Informatiepunt"

    def ready(self):
        from digiketen.core import content_cache
        from digiketen.directory import offers
        from digiketen.directory.models import ServiceType
        from digiketen.helpdesk import models
        from digiketen.helpdesk.selectors import CODE_LISTS

        # The code lists every registration form offers (selectors.code_list): a change makes
        # every process read them anew.
        content_cache.watch(CODE_LISTS, models.Theme, models.Agency, models.Outcome)
        # A help point in the finder offers the way to book an appointment at /afspraak.
        offers.register(ServiceType.HELP_POINT, _book_online)


def _book_online(service, offer):
    from dataclasses import replace

    from django.urls import reverse
    from django.utils.translation import gettext as _

    return replace(
        offer, action_url=reverse("helpdesk:book"), action_label=_("Maak zelf een afspraak")
    )
