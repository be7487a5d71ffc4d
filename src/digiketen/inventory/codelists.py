"""The default code lists: every new cyberbank starts from a copy of TASKS and SKILLS and edits
its own; IMPACT is the one municipal list (docs/decisions/0021)."""

COMMON_TASKS = [
    "Schoonmaken",
    "Poorten testen",
    "Onderdelen vervangen",
    "Besturingssysteem installeren",
    "Updates installeren",
    "Eindcontrole",
]
TASKS = {
    "laptop": [
        "Schoonmaken",
        "Toetsenbord testen",
        "Scherm testen",
        "Accu testen",
        *COMMON_TASKS[1:],
    ],
    "desktop": COMMON_TASKS,
    "tablet": [
        "Schoonmaken",
        "Scherm testen",
        "Accu testen",
        "Besturingssysteem installeren",
        "Updates installeren",
        "Eindcontrole",
    ],
    "phone": [
        "Schoonmaken",
        "Scherm testen",
        "Accu testen",
        "Fabrieksinstellingen herstellen",
        "Updates installeren",
        "Eindcontrole",
    ],
}
SKILLS = [
    "Veilig werken met elektronica (ESD)",
    "Een laptop openen en weer sluiten",
    "Geheugen en opslag vervangen",
    "Gegevens veilig wissen volgens NIST SP 800-88",
    "Hardware testen en fouten vinden",
    "Een besturingssysteem installeren",
    "Een apparaat klaarmaken voor een nieuwe gebruiker",
    "Netjes vastleggen wat je gedaan hebt",
]


ENGLISH = {
    "Schoonmaken": "Clean",
    "Poorten testen": "Test the ports",
    "Onderdelen vervangen": "Replace parts",
    "Besturingssysteem installeren": "Install the operating system",
    "Updates installeren": "Install updates",
    "Eindcontrole": "Final check",
    "Toetsenbord testen": "Test the keyboard",
    "Scherm testen": "Test the screen",
    "Accu testen": "Test the battery",
    "Fabrieksinstellingen herstellen": "Restore factory settings",
    "Veilig werken met elektronica (ESD)": "Work safely with electronics (ESD)",
    "Een laptop openen en weer sluiten": "Open a laptop and close it again",
    "Geheugen en opslag vervangen": "Replace memory and storage",
    "Gegevens veilig wissen volgens NIST SP 800-88": "Erase data securely following NIST SP 800-88",
    "Hardware testen en fouten vinden": "Test hardware and find faults",
    "Een besturingssysteem installeren": "Install an operating system",
    "Een apparaat klaarmaken voor een nieuwe gebruiker": "Prepare a device for a new user",
    "Netjes vastleggen wat je gedaan hebt": "Record neatly what you have done",
}


def load(task_model, skill_model, **owner) -> None:
    """Add the default tasks and skills that are missing; `owner` (organisation=...) is the
    cyberbank that gets them (migration 0006 ran before lists had an owner, and before the
    English names)."""
    english = any(field.name == "name_en" for field in task_model._meta.fields)

    def defaults(name, order):
        return {"order": order} | ({"name_en": ENGLISH.get(name, "")} if english else {})

    for device_type, names in TASKS.items():
        for order, name in enumerate(names):
            task_model.objects.get_or_create(
                device_type=device_type, name=name, **owner, defaults=defaults(name, order)
            )
    for order, name in enumerate(SKILLS):
        skill_model.objects.get_or_create(name=name, **owner, defaults=defaults(name, order))


def name_in_english(*models) -> None:
    """Give the default entries that still lack one their English name."""
    for model in models:
        for name, name_en in ENGLISH.items():
            model.objects.filter(name=name, name_en="").update(name_en=name_en)


# Starting values so the page shows something; each names where it comes from. A municipality
# replaces them with the figures of its own analysis (MKBA) in the settings.
IMPACT = {
    "laptop": ("2.00", "250.0"),
    "desktop": ("7.50", "300.0"),
    "tablet": ("0.50", "100.0"),
    "phone": ("0.20", "60.0"),
}
IMPACT_SOURCE = (
    "Indicatief startwaarde van digiketen: gewicht van een gemiddeld apparaat en de uitstoot "
    "bij het maken van een nieuw exemplaar. Vervang door de waarde en bron van uw gemeente."
)
IMPACT_SOURCE_EN = (
    "Indicative starting value from digiketen: the weight of an average device and the "
    "emissions of making a new one. Replace it with your municipality's value and source."
)


def load_impact(factor_model) -> None:
    english = any(field.name == "source_en" for field in factor_model._meta.fields)
    for device_type, (ewaste, co2) in IMPACT.items():
        defaults = {"ewaste_kg": ewaste, "co2_kg": co2, "source": IMPACT_SOURCE}
        factor_model.objects.get_or_create(
            device_type=device_type,
            defaults=defaults | ({"source_en": IMPACT_SOURCE_EN} if english else {}),
        )
    if english:
        factor_model.objects.filter(source=IMPACT_SOURCE, source_en="").update(
            source_en=IMPACT_SOURCE_EN
        )
