"""The notes the system wrote in device histories get their code (inventory.history), so they
read in the viewer's language; they were stored as text in the language of whoever made the
step, Dutch or English. Rows whose text is not a known note (a reason staff typed) stay as
they are."""

import re

from django.db import migrations, models

# The texts as they were written, in Dutch and in English (from the translation catalogue
# then in force), to (code, Dutch text).
EXACT = {
    "Ingenomen": "received",
    "Taken in": "received",
    "Geschikt om op te knappen.": "triage_fit",
    "Suitable for refurbishing.": "triage_fit",
    "Vergrendeld (BIOS-wachtwoord, Activation Lock, MDM of gestolen).": "triage_locked",
    "Locked (BIOS password, Activation Lock, MDM or stolen).": "triage_locked",
    "Alle opslag is gewist en goedgekeurd.": "all_media_erased",
    "All storage has been erased and approved.": "all_media_erased",
    "Voor een aanvraag van een inwoner": "for_application",
    "For a resident's application": "for_application",
}
DUTCH = {
    "received": "Ingenomen",
    "triage_fit": "Geschikt om op te knappen.",
    "triage_locked": "Vergrendeld (BIOS-wachtwoord, Activation Lock, MDM of gestolen).",
    "all_media_erased": "Alle opslag is gewist en goedgekeurd.",
    "for_application": "Voor een aanvraag van een inwoner",
}
CONDITIONS = {
    "Good": "Goed",
    "Damaged": "Beschadigd",
    "Not complete (for example, the charger is missing)": "Niet compleet (bijvoorbeeld lader mist)",
    "Broken": "Kapot",
}
PATTERNS = [
    (re.compile(r"^(?:Ouder dan|Older than) (\d+) (?:jaar|years)\.$"), "triage_too_old", "years"),
    (re.compile(r"^(?:Naar recycler|To recycler) (.+)$"), "to_recycler", "name"),
    (re.compile(r"^(?:Teruggebracht, staat|Returned, condition): (.+)$"), "returned", "condition"),
]
TEMPLATES = {
    "triage_too_old": "Ouder dan %(years)s jaar.",
    "to_recycler": "Naar recycler %(name)s",
    "returned": "Teruggebracht, staat: %(condition)s",
}


def coded(text: str):
    """(code, params, Dutch text) of a note of the system; None for a typed reason."""
    if text in EXACT:
        code = EXACT[text]
        return code, {}, DUTCH[code]
    for pattern, code, name in PATTERNS:
        if match := pattern.match(text):
            value = match.group(1)
            if code == "triage_too_old":
                value = int(value)
            elif code == "returned":
                value = CONDITIONS.get(value, value)
            return code, {name: value}, TEMPLATES[code] % {name: value}
    return None


def add_codes(apps, schema_editor):
    DeviceTransition = apps.get_model("inventory", "DeviceTransition")
    Device = apps.get_model("inventory", "Device")
    for step in DeviceTransition.objects.exclude(reason="").filter(note_code="").iterator():
        if found := coded(step.reason):
            step.note_code, step.note_params, step.reason = found
            step.save(update_fields=["note_code", "note_params", "reason"])
    for device in Device.objects.exclude(triage_reason="").iterator():
        if (found := coded(device.triage_reason)) and found[2] != device.triage_reason:
            device.triage_reason = found[2]
            device.save(update_fields=["triage_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0015_names_in_english"),
    ]

    operations = [
        migrations.AddField(
            model_name="devicetransition",
            name="note_code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="devicetransition",
            name="note_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(add_codes, migrations.RunPython.noop),
    ]
