"""Tasks and skills get an owner: step 1 of 3, the column (empty until step 2 fills it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0009_list_indexes"),
        ("organisations", "0005_weekly_period"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="refurbishtask", name="refurbish_task_unique"),
        migrations.AlterField(
            model_name="skill",
            name="name",
            field=models.CharField(max_length=150, verbose_name="vaardigheid"),
        ),
        migrations.AddField(
            model_name="refurbishtask",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="refurbish_tasks",
                to="organisations.organisation",
            ),
        ),
        migrations.AddField(
            model_name="skill",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="skills",
                to="organisations.organisation",
            ),
        ),
    ]
