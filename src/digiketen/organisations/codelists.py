"""Default code lists, loaded by a migration and editable afterwards."""

# (code, Dutch name, English name)
ACCESSIBILITY_FEATURES = [
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


def load_accessibility_features(feature_model) -> None:
    """Add missing default features; existing ones (maybe renamed by the municipality) stay."""
    for code, name, name_en in ACCESSIBILITY_FEATURES:
        feature_model.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
