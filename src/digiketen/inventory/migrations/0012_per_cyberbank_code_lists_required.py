"""Tasks and skills get an owner: step 3 of 3, every row has one and names are unique per owner."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inventory", "0011_per_cyberbank_code_lists_copy")]

    operations = [
        migrations.AlterField(
            model_name="refurbishtask",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="refurbish_tasks",
                to="organisations.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="skill",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="skills",
                to="organisations.organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="refurbishtask",
            constraint=models.UniqueConstraint(
                fields=("organisation", "device_type", "name"),
                name="refurbish_task_unique",
                violation_error_message="Deze taak staat al in de lijst.",
            ),
        ),
        migrations.AddConstraint(
            model_name="skill",
            constraint=models.UniqueConstraint(
                fields=("organisation", "name"),
                name="skill_unique",
                violation_error_message="Deze vaardigheid staat al in de lijst.",
            ),
        ),
    ]
