from django.db import migrations

from digiketen.helpdesk import codelists


def load(apps, schema_editor):
    codelists.load(apps.get_model("helpdesk", "Theme"), apps.get_model("helpdesk", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
