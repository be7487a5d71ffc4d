from django.db import migrations

from digiketen.inventory.codelists import load


def add_defaults(apps, schema_editor):
    load(apps.get_model("inventory", "RefurbishTask"), apps.get_model("inventory", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("inventory", "0005_refurbishment")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
