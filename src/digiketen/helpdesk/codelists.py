"""Editable defaults for the help point's code lists."""

THEMES = [
    ("DigiD aanvragen", "Applying for DigiD"),
    ("DigiD activeren", "Activating DigiD"),
    ("DigiD-app", "DigiD app"),
    ("MijnOverheid", "MijnOverheid"),
    ("Huurtoeslag", "Rent benefit"),
    ("Zorgtoeslag", "Healthcare benefit"),
    ("Kinderopvangtoeslag", "Childcare benefit"),
    ("Kindgebonden budget", "Child budget"),
    ("Belastingaangifte", "Tax return"),
    ("AOW en pensioen", "State pension and pension"),
    ("Uitkering en WW", "Benefits and unemployment"),
    ("Studiefinanciering", "Student finance"),
    ("Wmo en Wlz (zorg)", "Wmo and Wlz (care)"),
    ("Boetes", "Fines"),
    ("Rijbewijs", "Driving licence"),
    ("Woningsites", "Housing websites"),
    ("Regelingen van de gemeente", "Municipal schemes"),
    ("Apparaat gebruiken", "Using a device"),
    ("Anders", "Other"),
]

AGENCIES = [
    ("Belastingdienst/Toeslagen", "Tax and Customs Administration / Benefits"),
    ("CAK", "CAK"),
    ("CBR", "CBR"),
    ("CIZ", "CIZ"),
    ("CJIB", "CJIB"),
    ("DUO", "DUO"),
    ("Huurcommissie", "Rent Tribunal"),
    ("LBIO", "LBIO"),
    ("RDW", "RDW"),
    ("Raad voor Rechtsbijstand", "Legal Aid Board"),
    ("SVB", "SVB"),
    ("UWV", "UWV"),
    ("Gemeente", "Municipality"),
    ("Anders", "Other"),
]


# The five tasks of a help point and "not solved": (code, name, English name).
OUTCOMES = [
    ("a", "a. Geholpen met een digitale zaak", "a. Helped with a digital transaction"),
    ("b", "b. Doorverwezen naar een cursus", "b. Referred to a course"),
    ("c", "c. Informatie over de digitale samenleving", "c. Information about the digital society"),
    ("d", "d. Algemene informatie over de instantie", "d. General information about the agency"),
    (
        "e",
        "e. Doorverwezen naar de instantie of een professional",
        "e. Referred to the agency or a professional",
    ),
    ("x", "Niet opgelost", "Not solved"),
]


def load(theme_model, agency_model, outcome_model=None) -> None:
    for model, rows in ((theme_model, THEMES), (agency_model, AGENCIES)):
        for order, (name, name_en) in enumerate(rows):
            model.objects.get_or_create(name=name, defaults={"name_en": name_en, "order": order})
    if outcome_model is not None:
        load_outcomes(outcome_model)


def load_outcomes(outcome_model) -> None:
    for order, (code, name, name_en) in enumerate(OUTCOMES):
        outcome_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
