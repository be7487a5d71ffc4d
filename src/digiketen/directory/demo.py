"""The demo finder: the partners' kinds of help at their locations, with a closure coming up."""

from datetime import date, time, timedelta

from django.utils import formats, timezone, translation

from digiketen.directory.models import (
    Access,
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceHours,
    ServiceLanguage,
    ServiceType,
)
from digiketen.organisations import demo as organisations_demo
from digiketen.organisations.demo import WEEKDAYS_10_17

DEPENDS_ON = ("organisations",)

# name, organisation, type, access, description, bring, languages, extra fields,
# [(location key, [(weekday, opens, closes)])]
# Within the library's opening hours: until 18:00 on weekdays, 17:00 on Saturday.
LIBRARY_WIFI = [(d, time(10), time(18)) for d in range(1, 5)] + [(5, time(10), time(17))]
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
        "Heeft u weinig geld en geen laptop? Dan kunt u een opgeknapte laptop aanvragen. "
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
# One closure, so the finder shows how an exception looks. It starts a few days after seeding:
# the finder announces a closure from a week before, and a fixed date would lie in the past.
CLOSURE = ("Informatiepunt Digitale Overheid", "ceramique")
CLOSURE_STARTS_AFTER = timedelta(days=5)
CLOSURE_LASTS = timedelta(days=3)  # start and end date inclusive: four days


def closure(today: date, weekdays: set[int]) -> tuple[date, date, str]:
    """Start, end and notice of the demo closure of a place open on `weekdays`, seen from
    `today`; the notice names the first opening day after it."""
    start = today + CLOSURE_STARTS_AFTER
    end = start + CLOSURE_LASTS
    back = next(d for n in range(1, 8) if (d := end + timedelta(n)).weekday() in weekdays)
    with translation.override("nl"):
        day = formats.date_format(back, "l j F")
    return start, end, f"Gesloten wegens onderhoud aan het gebouw. Vanaf {day} zijn wij er weer."


def seed() -> None:
    today = timezone.localdate()
    for name, org, type_, access, description, bring, languages, extra, places in SERVICES:
        service, created = Service.objects.get_or_create(
            organisation=organisations_demo.organisation(org),
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
            place = ServiceAtLocation.objects.create(
                service=service, location=organisations_demo.location(key)
            )
            ServiceHours.objects.bulk_create(
                ServiceHours(service_at_location=place, weekday=d, opens=o, closes=c)
                for d, o, c in hours
            )
            if (name, key) == CLOSURE:
                start, end, notice = closure(today, {d for d, _o, _c in hours})
                ScheduleException.objects.create(
                    service_at_location=place, start_date=start, end_date=end, notice=notice
                )
