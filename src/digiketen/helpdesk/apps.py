from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "digiketen.helpdesk"
    verbose_name = "Informatiepunt"

    def ready(self):
        from digiketen.core import content_cache
        from digiketen.helpdesk import models
        from digiketen.helpdesk.selectors import CODE_LISTS

        # The code lists every registration form offers (selectors.code_list): a change makes
        # every process read them anew.
        content_cache.watch(CODE_LISTS, models.Theme, models.Agency, models.Outcome)
