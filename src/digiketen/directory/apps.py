from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "digiketen.directory"
    verbose_name = _("Hulp in de buurt")
