from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "digiketen.inventory"
    verbose_name = _("Cyberbank")

    def ready(self) -> None:
        from digiketen.inventory.services import start_code_lists
        from digiketen.organisations import services as organisations

        # A new cyberbank starts with its own copy of the default tasks and skills.
        organisations.SET_UP_STEPS.append(start_code_lists)
