"""Default priority groups, shipped editable; the municipality decides its own groups."""

CATEGORIES = [
    ("Gezin met schoolgaande kinderen", 1, "school_children"),
    ("Werkzoekende", 2, "job_seeking"),
    ("Alleenwonend en 75 jaar of ouder", 3, "alone_75"),
]
ENGLISH = {
    "Gezin met schoolgaande kinderen": "Family with school-age children",
    "Werkzoekende": "Job seeker",
    "Alleenwonend en 75 jaar of ouder": "Living alone and aged 75 or over",
}


def load(category_model) -> None:
    # Migration 0002 runs this on a model that has no English name yet.
    english = any(field.name == "name_en" for field in category_model._meta.fields)
    for name, rank, signal in CATEGORIES:
        defaults = {"rank": rank, "signal": signal}
        if english:
            defaults["name_en"] = ENGLISH[name]
        category_model.objects.get_or_create(name=name, defaults=defaults)


def name_in_english(model) -> None:
    """Give the default entries that still lack one their English name."""
    for name, name_en in ENGLISH.items():
        model.objects.filter(name=name, name_en="").update(name_en=name_en)
