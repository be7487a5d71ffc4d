import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    for name in ("Organisation", "Location"):
        model = apps.get_model("organisations", name)
        for obj in model.objects.filter(uuid__isnull=True):
            obj.uuid = uuid.uuid4()
            obj.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    """Stable public identifiers (used by the HSDS API and public pages)."""

    dependencies = [("organisations", "0003_coordinates_message")]

    operations = [
        migrations.AddField("organisation", "uuid", models.UUIDField(null=True, editable=False)),
        migrations.AddField("location", "uuid", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            "organisation",
            "uuid",
            models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            "location", "uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
    ]
