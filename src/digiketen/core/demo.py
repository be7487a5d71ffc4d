"""Demo data: a municipality modelled on Maastricht, with one account per role.

Public facts where we know them (Centre Céramique with its Informatiepunt Digitale Overheid,
the town hall on the Markt, the municipal number 14 043, Maastricht's neighbourhoods); the other
addresses, opening hours and coordinates are illustrative.
"""

from datetime import date, time

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen.accounts.models import Membership, User
from digiketen.accounts.roles import TWO_FACTOR_ROLES, Role
from digiketen.core.models import SiteConfiguration
from digiketen.directory.models import (
    Access,
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceHours,
    ServiceLanguage,
    ServiceType,
)
from digiketen.inventory import codelists as inventory_codelists
from digiketen.inventory.models import (
    Device,
    DeviceTransition,
    ImpactFactor,
    RefurbishTask,
    Skill,
    StorageMedium,
)
from digiketen.organisations.codelists import load_accessibility_features
from digiketen.organisations.models import (
    AccessibilityFeature,
    Location,
    Neighbourhood,
    OpeningHours,
    Organisation,
    OrganisationType,
)

DEMO_PASSWORD = "Digiketen-demo-2026"  # noqa: S105 - printed on purpose, demo mode only

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
        [(0, time(9), time(12)), (2, time(13), time(16)), (3, time(9), time(12))],
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

USERS = [
    ("regisseur", "Rianne", "Regisseur", "gemeente", Role.COORDINATOR),
    ("beheerder", "Bas", "Beheer", "gemeente", Role.SYSTEM_ADMIN),
    ("orgbeheerder", "Olga", "Bibliotheekbeheer", "bibliotheek", Role.ORGANISATION_ADMIN),
    ("uitgifte", "Umut", "Uitgifte", "cyberbank", Role.HUB_STAFF),
    ("begeleider", "Bram", "Begeleider", "cyberbank", Role.TECHNICIAN_SUPERVISOR),
    ("leerling", "Lars", "Leerling", "cyberbank", Role.TECHNICIAN_TRAINEE),
    ("informatiepunt", "Ingrid", "Informatiepunt", "bibliotheek", Role.HELP_POINT_STAFF),
    ("cursus", "Carla", "Cursus", "bibliotheek", Role.COURSE_COORDINATOR),
    ("maatjes", "Mo", "Maatjes", "trajekt", Role.BUDDY_COORDINATOR),
    ("partner", "Petra", "Partner", "maatschappelijk", Role.PARTNER_PROFESSIONAL),
]

# name, organisation, type, access, description, bring, languages, extra fields,
# [(location key, [(weekday, opens, closes)])]
LIBRARY_WIFI = [(d, time(10), time(18)) for d in range(1, 6)]
SERVICES = [
    (
        "Informatiepunt Digitale Overheid",
        "bibliotheek",
        ServiceType.HELP_POINT,
        Access.BOTH,
        "Hulp met DigiD, toeslagen, belastingaangifte, uw pensioen en andere websites van de "
        "overheid. Een medewerker kijkt met u mee. U doet het zelf, wij helpen.",
        "Uw ID-kaart of paspoort. Uw DigiD-gegevens als u die heeft. Brieven over uw vraag.",
        ["nl", "en", "ar", "tr"],
        {"phone": "043 350 5600"},
        [
            (
                "ceramique",
                [(1, time(10), time(16)), (3, time(10), time(16)), (5, time(10), time(13))],
            ),
            ("malberg", [(2, time(13), time(16))]),
        ],
    ),
    (
        "Digicafé",
        "trajekt",
        ServiceType.DIGITAL_HELP,
        Access.WALK_IN,
        "Vragen over uw telefoon, tablet of computer? Kom langs met uw eigen apparaat. "
        "Vrijwilligers helpen u. Koffie staat klaar.",
        "Uw telefoon, tablet of laptop, en de oplader.",
        ["nl"],
        {},
        [
            ("malberg", [(0, time(9, 30), time(11, 30))]),
            ("mariaberg", [(3, time(13, 30), time(15, 30))]),
            ("wittevrouwenveld", [(4, time(9, 30), time(11, 30))]),
        ],
    ),
    (
        "Gratis wifi",
        "bibliotheek",
        ServiceType.FREE_WIFI,
        Access.WALK_IN,
        "Gratis internet op uw eigen telefoon of laptop. U hoeft niets te betalen of in te vullen.",
        "",
        ["nl", "en"],
        {},
        [("ceramique", LIBRARY_WIFI)],
    ),
    (
        "Wifi in het buurthuis",
        "trajekt",
        ServiceType.FREE_WIFI,
        Access.WALK_IN,
        "Gratis wifi als het buurthuis open is. Vraag de code bij de balie.",
        "",
        ["nl"],
        {},
        [("malberg", WEEKDAYS_10_17), ("heer", [(2, time(9), time(12))])],
    ),
    (
        "Computers en printer in de bibliotheek",
        "bibliotheek",
        ServiceType.PUBLIC_COMPUTER,
        Access.WALK_IN,
        "Gebruik een computer van de bibliotheek. U kunt ook printen en scannen.",
        "Uw bibliotheekpas als u die heeft. Zonder pas kan ook.",
        ["nl"],
        {"is_free": False, "cost_description": "Computer gratis. Printen 10 cent per pagina."},
        [("ceramique", LIBRARY_WIFI)],
    ),
    (
        "Laptop aanvragen bij de cyberbank",
        "cyberbank",
        ServiceType.DEVICE_HANDOUT,
        Access.APPOINTMENT,
        "Heeft u weinig geld en geen laptop? Dan kunt u een opgeknapte laptop krijgen. "
        "Alle gegevens van de vorige eigenaar zijn veilig gewist.",
        "Uw Stadspas of een brief van uw hulpverlener.",
        ["nl", "en"],
        {"pass_holders_only": True, "phone": "043 123 4567"},
        [("uitgifte", [(1, time(10), time(16)), (3, time(10), time(16))])],
    ),
    (
        "Laptop of telefoon inleveren",
        "cyberbank",
        ServiceType.DEVICE_DROPOFF,
        Access.WALK_IN,
        "Geef uw oude laptop, tablet of telefoon. Wij wissen al uw gegevens met een "
        "certificaat. Daarna krijgt iemand met weinig geld het apparaat.",
        "Het apparaat met de oplader, als u die nog heeft.",
        ["nl"],
        {},
        [
            ("uitgifte", [(1, time(10), time(16)), (3, time(10), time(16))]),
            ("werkplaats", WEEKDAYS_10_17),
        ],
    ),
    (
        "Cursus Digisterker",
        "bibliotheek",
        ServiceType.COURSE,
        Access.APPOINTMENT,
        "Leer in 4 lessen werken met DigiD en websites van de overheid. In een kleine groep, "
        "met een docent.",
        "Uw DigiD-gegevens als u die heeft.",
        ["nl"],
        {},
        [("ceramique", [(2, time(10), time(12))])],
    ),
    (
        "Klik & Tik in de wijk",
        "trajekt",
        ServiceType.COURSE,
        Access.APPOINTMENT,
        "Leer de eerste stappen op de computer: muis, toetsenbord, internet en e-mail.",
        "",
        ["nl"],
        {},
        [("malberg", [(1, time(13), time(15))])],
    ),
    (
        "Digimaatje",
        "trajekt",
        ServiceType.BUDDY,
        Access.APPOINTMENT,
        "Een vrijwilliger helpt u een paar keer, ook bij u thuis. Bel ons, dan zoeken wij een "
        "maatje bij u in de buurt.",
        "",
        ["nl", "en", "ar"],
        {"by_phone": True, "phone": "043 350 4800"},
        [],
    ),
    (
        "Sociaal thuisinternet",
        "provider",
        ServiceType.HOME_INTERNET,
        Access.APPOINTMENT,
        "Goedkoop internet thuis als u weinig geld heeft. De gemeente betaalt een deel.",
        "Uw Stadspas.",
        ["nl"],
        {"by_phone": True, "phone": "043 000 0000", "pass_holders_only": True},
        [],
    ),
    (
        "Digihulplijn",
        "bibliotheek",
        ServiceType.PHONE_HELP_LINE,
        Access.BOTH,
        "Bel gratis met uw vraag over computer, tablet of telefoon. Op werkdagen.",
        "",
        ["nl"],
        {"by_phone": True, "phone": "0800 1508"},
        [],
    ),
]
# A holiday closure, so the finder shows how exceptions look.
CHRISTMAS = (
    "Informatiepunt Digitale Overheid",
    "ceramique",
    date(2026, 12, 24),
    date(2026, 12, 27),
    "Gesloten met Kerstmis. Vanaf 29 december zijn wij er weer.",
)

DEMO_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
    b'<rect width="48" height="48" rx="8" fill="#24578f"/>'
    b'<path d="M24 8l4.7 9.6 10.6 1.5-7.7 7.5 1.8 10.5L24 32.2l-9.4 4.9 1.8-10.5-7.7-7.5'
    b' 10.6-1.5z" fill="#fff"/></svg>'
)


@transaction.atomic
def seed() -> list[tuple[str, str, str]]:
    """Load the demo data once. Later runs change nothing, so what was edited or renamed
    while trying the demo stays. Returns (username, role, organisation) per demo account."""
    accounts = [
        (username, Role(role).label, ORGANISATIONS[org][0]) for username, _f, _l, org, role in USERS
    ]
    config = SiteConfiguration.objects.select_for_update().get(pk=SiteConfiguration.load().pk)
    if config.demo_seeded:
        return accounts
    config.municipality_name = "Gemeente Maastricht"
    config.site_name = "Digitaal Meedoen Maastricht"
    config.contact_phone = "14 043"
    config.contact_email = "digitaalmeedoen@example.org"
    config.logo, config.logo_content_type = DEMO_LOGO, "image/svg+xml"
    config.demo_seeded = True
    config.save()

    organisations = {}
    for key, (name, type_, website) in ORGANISATIONS.items():
        organisations[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"type": type_, "website": website}
        )

    load_accessibility_features(AccessibilityFeature)
    # Code lists come with the migrations; loading them again keeps a flushed test database whole.
    inventory_codelists.load(RefurbishTask, Skill)
    inventory_codelists.load_impact(ImpactFactor)
    features = {f.code: f for f in AccessibilityFeature.objects.all()}
    for _key, org, name, street, number, postcode, wijk, lat, lon, hours, codes in LOCATIONS:
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
            },
        )
        if created:
            location.accessibility_features.set([features[c] for c in codes])
            OpeningHours.objects.bulk_create(
                OpeningHours(location=location, weekday=d, opens=o, closes=c) for d, o, c in hours
            )

    locations = {
        key: Location.objects.get(organisation=organisations[org], name=name)
        for key, org, name, *_rest in LOCATIONS
    }
    for name, org, type_, access, description, bring, languages, extra, places in SERVICES:
        service, created = Service.objects.get_or_create(
            organisation=organisations[org],
            name=name,
            defaults={
                "type": type_,
                "access": access,
                "description": description,
                "what_to_bring": bring,
                "last_confirmed_at": timezone.now(),
                **extra,
            },
        )
        if not created:
            continue
        ServiceLanguage.objects.bulk_create(
            ServiceLanguage(service=service, code=c) for c in languages
        )
        for key, hours in places:
            place = ServiceAtLocation.objects.create(service=service, location=locations[key])
            ServiceHours.objects.bulk_create(
                ServiceHours(service_at_location=place, weekday=d, opens=o, closes=c)
                for d, o, c in hours
            )
            if (name, key) == CHRISTMAS[:2]:
                ScheduleException.objects.create(
                    service_at_location=place,
                    start_date=CHRISTMAS[2],
                    end_date=CHRISTMAS[3],
                    notice=CHRISTMAS[4],
                )

    _seed_devices(organisations["cyberbank"], locations["werkplaats"])

    for username, first, last, org, role in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.create(user=user, organisation=organisations[org], role=role)
            if role in TWO_FACTOR_ROLES:
                # A confirmed authenticator, so login asks for a code; the demo code passes.
                TOTPDevice.objects.create(user=user, confirmed=True, name="demo")
    _seed_applications(locations["uitgifte"])
    _seed_helpdesk(Location.objects.get(name="Centre Céramique"))
    return accounts


# (brand, model, year, state, medium kind, medium model)
DEVICES = [
    ("Lenovo", "ThinkPad T470", 2018, "received", "ssd", "SAMSUNG MZ7LN256"),
    ("HP", "EliteBook 840 G5", 2019, "awaiting_erasure", "nvme", "SAMSUNG MZVLB256"),
    ("Dell", "Latitude 5490", 2019, "refurbishing", "ssd", "SK hynix SC311"),
]


def _seed_devices(organisation, hub) -> None:
    """A few devices on their way, so the cyberbank pages show something."""
    for number, (brand, model, year, state, kind, disk) in enumerate(DEVICES, start=1):
        device, created = Device.objects.get_or_create(
            asset_tag=f"DEMO-{number:04d}",
            defaults={
                "organisation": organisation,
                "hub": hub,
                "type": "laptop",
                "brand": brand,
                "model": model,
                "year": year,
                "state": state,
            },
        )
        if created:
            StorageMedium.objects.create(device=device, kind=kind, model=disk, smart_passed=True)
            DeviceTransition.objects.create(device=device, to_state=state, reason="Demo")


# (brand, model, ram MB, screen inch, webcam, grade)
READY_DEVICES = [
    ("Lenovo", "ThinkPad T480", 8192, "14.0", True, "A"),
    ("HP", "ProBook 450 G6", 8192, "15.6", True, "B"),
    ("Dell", "Latitude 7390", 4096, "13.3", False, "B"),
]
# (first name, last name, postcode, house number, purposes, school children, status)
APPLICANTS = [
    ("Samira", "Bakker", "6221AB", "4", ["school", "contact"], 2, "waiting"),
    ("Henk", "de Vries", "6212CD", "17", ["administration", "health"], 0, "waiting"),
    ("Lotte", "Peeters", "6217EF", "8", ["job_seeking"], 0, "submitted"),
]


def _seed_applications(hub) -> None:
    """Ready laptops, pickup times and a few applications, so the handout can be tried."""
    from datetime import timedelta

    from digiketen.applications import codelists as application_codelists
    from digiketen.applications.models import Application, PickupSlot, PriorityCategory
    from digiketen.core import calendar
    from digiketen.inventory.models import ErasureRecord

    application_codelists.load(PriorityCategory)
    trainee, supervisor = (
        User.objects.get(username="leerling"),
        User.objects.get(username="begeleider"),
    )
    now = timezone.now()
    for number, (brand, model, ram, screen, webcam, grade) in enumerate(READY_DEVICES, start=11):
        device, created = Device.objects.get_or_create(
            asset_tag=f"DEMO-{number:04d}",
            defaults={
                "organisation": hub.organisation,
                "hub": hub,
                "type": "laptop",
                "brand": brand,
                "model": model,
                "year": 2020,
                "state": "ready",
                "ram_mb": ram,
                "screen_inch": screen,
                "has_webcam": webcam,
                "grade": grade,
            },
        )
        if created:
            medium = StorageMedium.objects.create(device=device, kind="ssd", smart_passed=True)
            ErasureRecord.objects.create(
                medium=medium,
                level="purge",
                method="ata_secure_erase",
                tool="nwipe",
                started_at=now - timedelta(hours=2),
                ended_at=now - timedelta(hours=1),
                verification_passed=True,
                outcome="erased",
                operator=trainee,
                verified_by=supervisor,
                verified_at=now,
            )
            DeviceTransition.objects.create(device=device, to_state="ready", reason="Demo")
    today = timezone.localdate()
    # Pickup times in the hub's opening hours for the coming two weeks.
    for days in range(1, 15):
        day = today + timedelta(days=days)
        for start, end in calendar.open_series(hub, day, "10:00", "16:00", 20)[0]:
            PickupSlot.objects.get_or_create(hub=hub, starts_at=start, defaults={"ends_at": end})
    school = PriorityCategory.objects.filter(signal="school_children").first()
    for first, last, postcode, number, purposes, children, status in APPLICANTS:
        queued = status == "waiting"
        Application.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "organisation": hub.organisation,
                "hub": hub,
                "channel": "online",
                "status": status,
                "purposes": purposes,
                "household_size": 1 + children,
                "school_children": children,
                "postcode": postcode,
                "house_number": number,
                "contact_by": "email",
                "email": f"{first.lower()}@example.org",
                "route": "pass",
                "consent_at": now,
                "category": school if children and queued else None,
                "queue_rank": school.rank if children and queued and school else 1000,
                "queued_at": now if queued else None,
                "income_seen": False,
            },
        )


def _seed_helpdesk(location) -> None:
    """A year and a bit of visits at the help point, so the figures have something to show."""
    import random
    from datetime import timedelta

    from digiketen.helpdesk import codelists as helpdesk_codelists
    from digiketen.helpdesk import services as helpdesk
    from digiketen.helpdesk.models import Agency, HelpContact, Outcome, Theme

    helpdesk_codelists.load(Theme, Agency, Outcome)
    if HelpContact.objects.filter(location=location).exists():
        return
    helper = User.objects.get(username="informatiepunt")
    rng = random.Random(2026)
    themes = list(Theme.objects.all())
    agencies = list(Agency.objects.all())
    now = timezone.now()
    for _n in range(80):
        started = now - timedelta(days=rng.randint(1, 420), hours=rng.randint(0, 6))
        contact = helpdesk.register_visit(
            actor=helper,
            data={
                "location": location,
                "channel": rng.choice(["walk_in", "walk_in", "phone", "appointment"]),
                "question_type": "government",
                "started_at": started,
                "minutes": rng.randint(5, 45),
                "follow_up": rng.random() < 0.15,
            },
            questions=[
                {
                    "theme": rng.choice(themes),
                    "outcome": rng.choice("aaabcdex"),
                    "agencies": [rng.choice(agencies)],
                }
                for _q in range(rng.randint(1, 2))
            ],
        )
        if rng.random() < 0.4:
            helpdesk.answer_survey(
                code=contact.survey.code,
                data={
                    "helped": rng.choice(["yes", "yes", "partly", "no"]),
                    "mark": rng.randint(6, 10),
                    "would_return": rng.random() < 0.9,
                },
            )
