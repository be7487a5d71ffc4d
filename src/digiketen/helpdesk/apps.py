from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "digiketen.helpdesk"
    verbose_name = "Informatiepunt"

    def ready(self):
        from digiketen.directory import offers
        from digiketen.directory.models import ServiceType

        # A help point in the finder offers the way to book an appointment at /afspraak.
        offers.register(ServiceType.HELP_POINT, _book_online)


def _book_online(service, offer):
    from dataclasses import replace

    from django.urls import reverse
    from django.utils.translation import gettext as _

    return replace(
        offer, action_url=reverse("helpdesk:book"), action_label=_("Maak zelf een afspraak")
    )
