from django.db import migrations

from digiketen.organisations.codelists import load_accessibility_features


def add_features(apps, schema_editor):
    load_accessibility_features(apps.get_model("organisations", "AccessibilityFeature"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(add_features, migrations.RunPython.noop)]
