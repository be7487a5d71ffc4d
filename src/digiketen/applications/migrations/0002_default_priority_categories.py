from django.db import migrations

from digiketen.applications import codelists


def load(apps, schema_editor):
    codelists.load(apps.get_model("applications", "PriorityCategory"))


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
