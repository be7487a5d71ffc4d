"""Demo data: a municipality modelled on Maastricht, with one account per role.

Each app seeds its own part in its own `demo` module; this module only composes them, so core
knows no domain app by name (the import-linter contract in pyproject.toml holds it to that).
An app's `demo` module offers:

    DEPENDS_ON = ("organisations",)  # app labels whose demo data its seed() looks up (optional)
    def seed() -> None: ...          # create this app's part (runs once per database)
    def summary() -> list[str]: ...  # lines `seed_demo` prints after every run (optional)

The parts run in INSTALLED_APPS order, each after the parts it depends on.
"""

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from digiketen.core.models import SiteConfiguration

# Only our own apps: a third-party app may well ship a module called `demo`.
PACKAGE = "digiketen."

DEMO_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
    b'<rect width="48" height="48" rx="8" fill="#24578f"/>'
    b'<path d="M24 8l4.7 9.6 10.6 1.5-7.7 7.5 1.8 10.5L24 32.2l-9.4 4.9 1.8-10.5-7.7-7.5'
    b' 10.6-1.5z" fill="#fff"/></svg>'
)


def seeders() -> list[ModuleType]:
    """The installed apps' demo modules, in INSTALLED_APPS order except that each comes after
    the ones named in its DEPENDS_ON. Raises ImproperlyConfigured for a dependency that has no
    demo module (a typo, or an app left out of INSTALLED_APPS) and for a cycle."""
    found: dict[str, ModuleType] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith(PACKAGE) and name != __name__ and importlib.util.find_spec(name):
            found[config.label] = importlib.import_module(name)
    needs = {label: set(getattr(module, "DEPENDS_ON", ())) for label, module in found.items()}
    for label, wanted in needs.items():
        if unknown := wanted - found.keys():
            raise ImproperlyConfigured(
                f"{found[label].__name__} depends on demo data of {sorted(unknown)}, "
                "which no installed app provides."
            )
    ordered: list[str] = []
    while len(ordered) < len(found):
        # The first app in INSTALLED_APPS order whose dependencies have all been seeded.
        ready = next((la for la in found if la not in ordered and needs[la] <= {*ordered}), None)
        if ready is None:
            waiting = sorted(found.keys() - {*ordered})
            raise ImproperlyConfigured(f"The demo modules of {waiting} depend on each other.")
        ordered.append(ready)
    return [found[label] for label in ordered]


@transaction.atomic
def seed() -> list[str]:
    """Load the demo data once. Later runs change nothing, so what was edited or renamed while
    trying the demo stays. Returns the lines the parts want shown (such as the demo accounts)."""
    parts = seeders()
    config = SiteConfiguration.objects.select_for_update().get(pk=SiteConfiguration.load().pk)
    if not config.demo_seeded:
        config.municipality_name = "Gemeente Maastricht"
        config.site_name = "Digitaal Meedoen Maastricht"
        config.contact_phone = "14 043"
        config.contact_email = "digitaalmeedoen@example.org"
        config.logo, config.logo_content_type = DEMO_LOGO, "image/svg+xml"
        config.demo_seeded = True
        config.save()
        for part in parts:
            part.seed()
    return [line for part in parts if hasattr(part, "summary") for line in part.summary()]
