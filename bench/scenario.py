"""The pages the benchmarks request, on the demo data: one list shared by profile_pages.py (in
process, Django's test client) and load.py (over HTTP against gunicorn)."""

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

STAFF_USERNAME = "informatiepunt"
DEMO_PASSWORD = "Digiketen-demo-2026"


def prepare() -> None:
    """Collect the static files once, so pages get their hashed names as in production."""
    from django.conf import settings
    from django.core.management import call_command

    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def visitor_address() -> str:
    """A loopback address (all of 127.0.0.0/8 reaches this machine): each visitor to a
    rate-limited page comes from its own, as residents do, so the limits count per visitor."""
    return f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"


@dataclass(frozen=True)
class World:
    """Ids and codes from the demo data that the pages need."""

    location_uuid: str
    service_uuid: str
    neighbourhood_id: int
    survey_code: str
    register_location_id: int
    theme_id: int
    outcome_code: str

    @classmethod
    def load(cls) -> "World":
        from django.utils import timezone

        from digiketen.accounts.models import User
        from digiketen.directory.selectors import public_places
        from digiketen.helpdesk import selectors
        from digiketen.helpdesk.models import HelpContact, SurveyCode
        from digiketen.organisations.models import Neighbourhood

        place = public_places().filter(service__type="help_point").first()
        staff = User.objects.get(username=STAFF_USERNAME)
        survey = SurveyCode.objects.filter(used_at=None, expires_at__gt=timezone.now()).first()
        if survey is None:  # the demo's codes were used up: one for the benchmark
            contact = HelpContact.objects.filter(survey=None).first()
            survey = SurveyCode.objects.create(
                contact=contact, expires_at=timezone.now() + timedelta(days=30)
            )
        return cls(
            location_uuid=str(place.location.uuid),
            service_uuid=str(place.service.uuid),
            neighbourhood_id=place.location.neighbourhood_id
            or Neighbourhood.objects.values_list("pk", flat=True).first(),
            survey_code=survey.code,
            register_location_id=selectors.register_locations(user=staff).first().pk,
            theme_id=selectors.active_themes().first().pk,
            outcome_code=selectors.active_outcomes().first().code,
        )


@dataclass(frozen=True)
class Request:
    name: str
    path: str
    form: Callable[[], dict] | None = None  # a POST, with fresh fields each time
    staff: bool = False  # logged in as help point staff, second factor passed
    varied_address: bool = False  # each request from another visitor's address

    @property
    def method(self) -> str:
        return "POST" if self.form else "GET"

    def client(self, world: World, client_class):
        """A Django test client for profile_pages.py, logged in when the page needs it."""
        client = client_class()
        if self.staff:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            from digiketen.accounts.models import User

            user = User.objects.get(username=STAFF_USERNAME)
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            client.force_login(user)
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    def send(self, client):
        extra = {"REMOTE_ADDR": visitor_address()} if self.varied_address else {}
        if self.form:
            return client.post(self.path, self.form(), **extra)
        return client.get(self.path, **extra)


def status_form() -> dict:
    # An unknown code: what a resident who mistyped sees (a known one redirects to its page).
    return {"reference": "AV-" + secrets.token_hex(3).upper(), "postcode": "6211 CN"}


def register_form(world: World) -> Callable[[], dict]:
    def form() -> dict:
        return {
            "once": secrets.token_urlsafe(24),
            "location": world.register_location_id,
            "channel": "walk_in",
            "question_type": "government",
            "minutes": "10",
            "vraag-TOTAL_FORMS": "3",
            "vraag-INITIAL_FORMS": "0",
            "vraag-MIN_NUM_FORMS": "0",
            "vraag-MAX_NUM_FORMS": "6",
            "vraag-0-theme": world.theme_id,
            "vraag-0-outcome": world.outcome_code,
        }

    return form


def pages(world: World) -> list[Request]:
    """Every public page the issue names, and the help point's registration."""
    overview = f"/hulp-zoeken/overzicht?hulp=digid&wijk={world.neighbourhood_id}"
    return [
        Request("home", "/"),
        Request("finder-start", "/hulp-zoeken"),
        Request("finder-results", "/hulp-zoeken/vraag"),
        Request("finder-postcode", "/hulp-zoeken/vraag?postcode=6211+CN"),
        Request("location", f"/hulp-zoeken/plek/{world.location_uuid}"),
        Request("service", f"/hulp-zoeken/hulp/{world.service_uuid}"),
        Request("status-get", "/status"),
        Request("status-post", "/status", form=status_form, varied_address=True),
        Request("apply-first-step", "/laptop-aanvragen"),
        Request("survey", f"/tevredenheid/{world.survey_code}", varied_address=True),
        Request("overview", overview),
        Request("overview-pdf", overview.replace("overzicht", "overzicht.pdf")),
        Request("bare-staff", "/bench/staff-ok", staff=True),  # no goal: the floor of staff pages
        Request(
            "register-post",
            "/werkruimte/informatiepunt",
            form=register_form(world),
            staff=True,
        ),
    ]
