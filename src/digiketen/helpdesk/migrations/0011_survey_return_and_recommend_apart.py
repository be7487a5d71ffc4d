"""The survey's double question "Zou u nog eens komen? Of ons aanraden aan anderen?" becomes
two questions. The answers given so far keep their one answer in `returns_or_recommends`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0010_names_in_english")]

    operations = [
        migrations.RenameField("surveyanswer", "would_return", "returns_or_recommends"),
        migrations.AlterField(
            "surveyanswer",
            "returns_or_recommends",
            models.BooleanField(editable=False, null=True),
        ),
        migrations.AddField(
            "surveyanswer",
            "would_return",
            models.BooleanField(null=True, verbose_name="Zou u nog eens bij ons komen?"),
        ),
        migrations.AddField(
            "surveyanswer",
            "would_recommend",
            models.BooleanField(null=True, verbose_name="Zou u ons aanraden aan anderen?"),
        ),
        migrations.AddConstraint(
            "surveyanswer",
            models.CheckConstraint(
                condition=models.Q(would_return__isnull=False, would_recommend__isnull=False)
                | models.Q(returns_or_recommends__isnull=False),
                name="survey_return_and_recommend_answered",
            ),
        ),
    ]
