from django.db import migrations

from digiketen.inventory.codelists import load_impact


def add_defaults(apps, schema_editor):
    load_impact(apps.get_model("inventory", "ImpactFactor"))


class Migration(migrations.Migration):
    dependencies = [("inventory", "0007_stock_and_impact")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
