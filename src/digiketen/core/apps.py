from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "digiketen.core"
    verbose_name = _("Basis")

    def ready(self):
        from digiketen.core import content_cache
        from digiketen.core.models import SiteConfiguration

        content_cache.watch("site", SiteConfiguration)
