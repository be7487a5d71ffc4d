from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "digiketen.directory"
    verbose_name = _("Hulp in de buurt")

    def ready(self):
        from digiketen.core import content_cache
        from digiketen.directory import models
        from digiketen.organisations import models as places

        # Everything a public page of the finder (or the home page) shows: a change to any of
        # these makes the cached pages and printed overviews be made anew.
        content_cache.watch(
            "directory",
            models.Service,
            models.ServiceLanguage,
            models.ServiceAtLocation,
            models.ServiceHours,
            models.ScheduleException,
            places.Organisation,
            places.Location,
            places.Location.accessibility_features.through,
            places.OpeningHours,
            places.Neighbourhood,
            places.AccessibilityFeature,
        )
