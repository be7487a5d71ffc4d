"""Default priority groups, shipped editable; the municipality decides its own groups."""

CATEGORIES = [
    ("Gezin met schoolgaande kinderen", 1, "school_children"),
    ("Werkzoekende", 2, "job_seeking"),
    ("Alleenwonend en 75 jaar of ouder", 3, "alone_75"),
]


def load(category_model) -> None:
    for name, rank, signal in CATEGORIES:
        category_model.objects.get_or_create(name=name, defaults={"rank": rank, "signal": signal})
