"""Default code lists of the cyberbank, loaded by a migration and editable afterwards."""

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


def load(task_model, skill_model) -> None:
    for device_type, names in TASKS.items():
        for order, name in enumerate(names):
            task_model.objects.get_or_create(
                device_type=device_type, name=name, defaults={"order": order}
            )
    for order, name in enumerate(SKILLS):
        skill_model.objects.get_or_create(name=name, defaults={"order": order})
