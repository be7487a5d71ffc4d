"""The demo municipality's partners and their locations, modelled on Maastricht.

Public facts where we know them (Centre Céramique with its Informatiepunt Digitale Overheid,
the town hall on the Markt, Maastricht's neighbourhoods); the other addresses, opening hours and
coordinates are illustrative. Other apps' demo parts find these records by key with
`organisation()` and `location()`.
"""

from datetime import time

from digiketen.organisations.codelists import load_accessibility_features
from digiketen.organisations.models import (
    AccessibilityFeature,
    Location,
    Neighbourhood,
    OpeningHours,
    Organisation,
    OrganisationType,
)

ORGANISATIONS = {
    "gemeente": (
        "Gemeente Maastricht",
        OrganisationType.MUNICIPALITY,
        "https://www.gemeentemaastricht.nl",
    ),
    "bibliotheek": (
        "Bibliotheek Maastricht Centre Céramique",
        OrganisationType.LIBRARY,
        "https://www.centreceramique.nl",
    ),
    "trajekt": ("Trajekt", OrganisationType.WELFARE, "https://www.trajekt.nl"),
    "maatschappelijk": ("Maatschappelijk Werk Maastricht (demo)", OrganisationType.SOCIAL_WORK, ""),
    "kredietbank": (
        "Kredietbank Limburg",
        OrganisationType.DEBT_HELP,
        "https://www.kredietbanklimburg.nl",
    ),
    "woonpunt": ("Woonpunt", OrganisationType.HOUSING_CORPORATION, "https://www.woonpunt.nl"),
    "school": ("Vista college Maastricht", OrganisationType.SCHOOL, ""),
    "cyberbank": ("Stichting Cyberbank Maastricht (demo)", OrganisationType.REFURBISHER, ""),
    "provider": ("Thuisnet Zuid (demo)", OrganisationType.INTERNET_PROVIDER, ""),
}

WEEKDAYS_10_17 = [(day, time(10), time(17)) for day in range(5)]
LIBRARY_HOURS = [(day, time(10), time(18)) for day in range(1, 5)] + [
    (4, time(18, 30), time(21)),
    (5, time(10), time(17)),
    (6, time(12), time(17)),
]

# key, organisation, name, street, number, postcode, neighbourhood, lat, lon, hours, features
LOCATIONS = [
    (
        "ceramique",
        "bibliotheek",
        "Centre Céramique",
        "Avenue Céramique",
        "50",
        "6221 KV",
        "Céramique",
        "50.846730",
        "5.701060",
        LIBRARY_HOURS,
        ["step-free-entrance", "lift", "accessible-toilet", "hearing-loop", "large-print"],
    ),
    (
        "stadhuis",
        "gemeente",
        "Stadhuis Maastricht",
        "Markt",
        "78",
        "6211 CN",
        "Binnenstad",
        "50.851370",
        "5.690970",
        WEEKDAYS_10_17,
        ["step-free-entrance", "lift", "accessible-toilet"],
    ),
    (
        "malberg",
        "trajekt",
        "Wijkcentrum Malberg",
        "Malbergsingel",
        "2",
        "6217 BD",
        "Malberg",
        "50.858800",
        "5.655300",
        [(d, time(9), time(17)) for d in range(5)],
        ["step-free-entrance", "accessible-toilet", "quiet-space"],
    ),
    (
        "mariaberg",
        "trajekt",
        "Buurtcentrum Mariaberg",
        "Mergelweg",
        "10",
        "6212 XL",
        "Mariaberg",
        "50.853400",
        "5.675200",
        [(1, time(13), time(16)), (3, time(13), time(16))],
        ["step-free-entrance"],
    ),
    (
        "wittevrouwenveld",
        "trajekt",
        "Buurthuis Wittevrouwenveld",
        "Kapoenstraat",
        "4",
        "6224 EC",
        "Wittevrouwenveld",
        "50.856500",
        "5.711500",
        [(0, time(13), time(16)), (4, time(9), time(12))],
        ["step-free-entrance", "accessible-toilet"],
    ),
    (
        "heer",
        "trajekt",
        "Gemeenschapshuis Heer",
        "Heerderweg",
        "20",
        "6224 LH",
        "Heer",
        "50.838900",
        "5.724800",
        [(2, time(9), time(12))],
        ["assistance-dogs"],
    ),
    (
        "uitgifte",
        "cyberbank",
        "Cyberbank uitgiftepunt Randwyck",
        "Avenue Ceramique",
        "200",
        "6221 KX",
        "Randwyck",
        "50.840800",
        "5.711900",
        [(1, time(10), time(16)), (3, time(10), time(16))],
        ["step-free-entrance", "accessible-toilet"],
    ),
    (
        "werkplaats",
        "cyberbank",
        "Cyberbank werkplaats Beatrixhaven",
        "Fregatweg",
        "3",
        "6222 NZ",
        "Beatrixhaven",
        "50.873900",
        "5.709700",
        WEEKDAYS_10_17,
        [],
    ),
    (
        "woonpunt",
        "woonpunt",
        "Woonpunt klantencentrum",
        "Wycker Brugstraat",
        "40",
        "6221 ED",
        "Wyck",
        "50.849200",
        "5.698800",
        WEEKDAYS_10_17,
        ["step-free-entrance", "lift"],
    ),
    (
        "kredietbank",
        "kredietbank",
        "Kredietbank Limburg Maastricht",
        "Statensingel",
        "8",
        "6211 TB",
        "Brusselsepoort",
        "50.853800",
        "5.683300",
        [(day, time(9), time(12)) for day in range(5)],
        ["step-free-entrance"],
    ),
]


def organisation(key: str) -> Organisation:
    return Organisation.objects.get(name=ORGANISATIONS[key][0])


def location(key: str) -> Location:
    _key, org, name, *_rest = next(row for row in LOCATIONS if row[0] == key)
    return Location.objects.get(organisation__name=ORGANISATIONS[org][0], name=name)


# Illustrative numbers that reach no one (a Dutch subscriber number never starts with 0), so
# that every page and message that sends a resident somewhere shows a phone number.
PHONES = {
    "ceramique": "043 000 00 10",
    "stadhuis": "043 000 00 11",
    "malberg": "043 000 00 12",
    "mariaberg": "043 000 00 13",
    "wittevrouwenveld": "043 000 00 14",
    "heer": "043 000 00 15",
    "uitgifte": "043 000 00 16",
    "werkplaats": "043 000 00 17",
    "woonpunt": "043 000 00 18",
    "kredietbank": "043 000 00 19",
}


def seed() -> None:
    organisations = {}
    for key, (name, type_, website) in ORGANISATIONS.items():
        organisations[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"type": type_, "website": website}
        )
    load_accessibility_features(AccessibilityFeature)
    features = {f.code: f for f in AccessibilityFeature.objects.all()}
    for key, org, name, street, number, postcode, wijk, lat, lon, hours, codes in LOCATIONS:
        neighbourhood, _ = Neighbourhood.objects.get_or_create(name=wijk)
        location, created = Location.objects.get_or_create(
            organisation=organisations[org],
            name=name,
            defaults={
                "street": street,
                "house_number": number,
                "postcode": postcode,
                "city": "Maastricht",
                "neighbourhood": neighbourhood,
                "latitude": lat,
                "longitude": lon,
                "phone": PHONES.get(key, ""),
            },
        )
        if created:
            location.accessibility_features.set([features[c] for c in codes])
            OpeningHours.objects.bulk_create(
                OpeningHours(location=location, weekday=d, opens=o, closes=c) for d, o, c in hours
            )
