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


def load(task_model, skill_model, **owner) -> None:
    """Add the default tasks and skills that are missing; `owner` (organisation=...) is the
    cyberbank that gets them (migration 0006 ran before lists had an owner)."""
    for device_type, names in TASKS.items():
        for order, name in enumerate(names):
            task_model.objects.get_or_create(
                device_type=device_type, name=name, **owner, defaults={"order": order}
            )
    for order, name in enumerate(SKILLS):
        skill_model.objects.get_or_create(name=name, **owner, defaults={"order": order})


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


def load_impact(factor_model) -> None:
    for device_type, (ewaste, co2) in IMPACT.items():
        factor_model.objects.get_or_create(
            device_type=device_type,
            defaults={"ewaste_kg": ewaste, "co2_kg": co2, "source": IMPACT_SOURCE},
        )
