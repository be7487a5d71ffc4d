from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "digiketen.applications"
    verbose_name = "Aanvragen"

    def ready(self):
        from digiketen.applications import terms
        from digiketen.applications.models import DistributionPolicy
        from digiketen.core import content_cache
        from digiketen.directory import offers
        from digiketen.directory.models import ServiceType

        # The finder's laptop service shows the handout terms: a new rule makes its pages anew.
        offers.register(ServiceType.DEVICE_HANDOUT, terms.finder_offer)
        content_cache.watch("directory", DistributionPolicy)
