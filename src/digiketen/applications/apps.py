from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "digiketen.applications"
    verbose_name = "Aanvragen"
