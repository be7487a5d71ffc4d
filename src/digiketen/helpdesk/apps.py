from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "digiketen.helpdesk"
    verbose_name = "Informatiepunt"
