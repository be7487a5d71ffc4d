import re

from django.db import migrations, models


def regex_to_example(apps, schema_editor):
    """The one form the old regular expressions took (N digits) becomes its example; any other
    becomes ten digits, the default, which the coordinator sees and can change."""
    Policy = apps.get_model("applications", "DistributionPolicy")
    for policy in Policy.objects.all():
        digits = re.fullmatch(r"\^?\\d\{(\d{1,2})\}\$?", policy.pass_number_example)
        count = int(digits.group(1)) if digits else 10
        policy.pass_number_example = ("1234567890" * 3)[:count]
        policy.save(update_fields=["pass_number_example"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_deposit_rules_per_condition"),
    ]

    operations = [
        migrations.RenameField(
            model_name="distributionpolicy",
            old_name="pass_number_pattern",
            new_name="pass_number_example",
        ),
        migrations.RunPython(regex_to_example, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="distributionpolicy",
            name="pass_number_example",
            field=models.CharField(
                default="1234567890",
                help_text="Typ een pasnummer zoals het eruitziet. Elk cijfer staat voor een cijfer, elke letter voor een letter; andere tekens, zoals een streepje, moeten precies zo. Spaties tellen niet.",
                max_length=30,
                verbose_name="voorbeeld van een pasnummer",
            ),
        ),
    ]
