from django.db import migrations

# The coded accessibility features a location can have (editable afterwards).
FEATURES = [
    ("step-free-entrance", "Ingang zonder drempel of trap", "Step-free entrance"),
    ("lift", "Lift", "Lift"),
    ("accessible-toilet", "Toilet voor rolstoelgebruikers", "Wheelchair-accessible toilet"),
    ("hearing-loop", "Ringleiding", "Hearing loop"),
    ("quiet-space", "Rustige ruimte", "Quiet space"),
    ("sign-language", "Gebarentaal op afspraak", "Sign language on request"),
    ("large-print", "Teksten in grote letters", "Large-print material"),
    ("disabled-parking", "Parkeerplaats voor gehandicapten", "Disabled parking"),
    ("assistance-dogs", "Hulphonden welkom", "Assistance dogs welcome"),
]


def add_features(apps, schema_editor):
    feature = apps.get_model("organisations", "AccessibilityFeature")
    for code, name, name_en in FEATURES:
        feature.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(add_features, migrations.RunPython.noop)]
