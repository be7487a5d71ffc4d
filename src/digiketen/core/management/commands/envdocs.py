from django.core.management.base import BaseCommand

from digiketen.conf.env import REGISTRY


class Command(BaseCommand):
    help = "Print the table of environment variables (name, default, meaning) for the README."

    def handle(self, *args, **options):
        self.stdout.write("| variable | default | meaning |")
        self.stdout.write("|---|---|---|")
        for setting in REGISTRY.values():
            default = setting.default
            if isinstance(default, list):
                default = ",".join(default)
            shown = f"`{default}`" if default not in ("", None) else "(empty)"
            self.stdout.write(f"| `{setting.name}` | {shown} | {setting.help_text} |")
