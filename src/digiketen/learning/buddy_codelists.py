"""Editable defaults for the digital topics of buddies: (Dutch name, English name)."""

TOPICS = [
    ("DigiD en de overheid", "DigiD and government websites"),
    ("Bankzaken en betalen", "Banking and payments"),
    ("Smartphone of tablet gebruiken", "Using a smartphone or tablet"),
    ("Computer of laptop gebruiken", "Using a computer or laptop"),
    ("E-mail", "E-mail"),
    ("Videobellen en contact met familie", "Video calls and keeping in touch"),
    ("Gezondheid en zorg online", "Health and care online"),
    ("Veilig online", "Staying safe online"),
    ("Solliciteren en werk", "Job applications and work"),
    ("Formulieren en brieven", "Forms and letters"),
]


def load(topic_model) -> None:
    for order, (name, name_en) in enumerate(TOPICS):
        topic_model.objects.get_or_create(name=name, defaults={"name_en": name_en, "order": order})
