"""A small world for the fuzz suite (the demo municipality, a donation, a hub with an upload
key and a device) and the checks every answer must pass."""

import contextlib
import traceback
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given, settings
from hypothesis import strategies as st

from digiketen.core import content_cache
from digiketen.tests.fuzz import hostile


@dataclass
class World:
    hub_secret: str
    known: dict[str, list[str]]  # path parameter name -> values that name real objects


@pytest.fixture
def world(db) -> World:
    from digiketen.applications.models import Application, PickupSlot
    from digiketen.applications.views.public import STEP_SLUGS
    from digiketen.core import demo
    from digiketen.directory import hsds
    from digiketen.directory.models import Service, ServiceAtLocation
    from digiketen.directory.needs import NEEDS
    from digiketen.helpdesk.models import SurveyCode
    from digiketen.helpdesk.selectors import bookable_slots
    from digiketen.inventory import services
    from digiketen.inventory.models import ErasureCertificate
    from digiketen.learning.models import Enrolment
    from digiketen.organisations.models import Location, Organisation
    from digiketen.tests.factories import (
        ApplicationFactory,
        DeviceFactory,
        DonationFactory,
        HubFactory,
        UserFactory,
        walk_application,
    )

    demo.seed()
    hub = HubFactory()
    _token, secret = services.create_hub_token(hub=hub, name="fuzz")
    device = DeviceFactory(hub=hub)
    donation = DonationFactory()
    # A resident with a pickup invitation and times to choose from (the form to fuzz).
    invited = walk_application(ApplicationFactory(), "invited")
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    for n in range(3):
        PickupSlot.objects.create(
            hub=invited.hub,
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n, minutes=15),
        )
    booking = bookable_slots().order_by("starts_at").select_related("location").first()
    applications = Application.objects.order_by("pk")
    services_ = [str(u) for u in Service.objects.values_list("uuid", flat=True)[:3]]
    organisations = [str(u) for u in Organisation.objects.values_list("uuid", flat=True)[:3]]
    places = [str(u) for u in ServiceAtLocation.objects.values_list("uuid", flat=True)[:3]]
    locations = [str(u) for u in Location.objects.values_list("uuid", flat=True)[:3]]
    user = UserFactory()
    # The demo's course sign-ups: an offered seat first (its page has both the accept and the
    # leave form), then one waiting and one placed; a finished one for the certificate.
    enrolments = Enrolment.objects.order_by("pk")
    own_places = [
        enrolments.filter(status=status).values_list("token", flat=True).first()
        for status in ("offered", "waiting", "placed")
    ]
    finished = enrolments.filter(status="completed").first()
    known = {
        "assetTag": [device.asset_tag],
        "/api/hsds/services/{id}.id": services_,
        "/api/hsds/organizations/{id}.id": organisations,
        "/api/hsds/service_at_locations/{id}.id": places,
        "/api/hsds/taxonomies/{id}.id": [hsds.taxonomy(key)["id"] for key in hsds.TAXONOMIES],
        "/api/hsds/taxonomy_terms/{id}.id": [t["id"] for t in hsds.taxonomy_terms()[:3]],
        "directory:public-service.uuid": services_,
        "directory:public-location.uuid": locations,
        "directory:public-results.need": [need.slug for need in NEEDS],
        "applications:apply-step.step": list(STEP_SLUGS),
        "accounts:password-reset-confirm.uidb64": [urlsafe_base64_encode(force_bytes(user.pk))],
        "accounts:password-reset-confirm.token": [default_token_generator.make_token(user)],
        "donations:donor-page.token": [donation.token],
        "donations:donor-certificates.token": [donation.token],
        "applications:invitation.token": [invited.invitation_token],
        "applications:invitation-ics.token": [invited.invitation_token],
        "applications:invitation?": [f"dag={timezone.localdate(start).isoformat()}"],
        # A help point with times residents can book (the demo's), for /afspraak's form.
        "helpdesk:book-day.location": [booking.location.uuid],
        "helpdesk:book-time.location": [booking.location.uuid],
        "helpdesk:book-time.day": [timezone.localdate(booking.starts_at).isoformat()],
        "reference": [a.reference for a in applications],
        # Open codes only: a used or expired one shows the page that says so, without the form.
        "code": list(
            SurveyCode.objects.filter(used_at=None, expires_at__gt=timezone.now()).values_list(
                "code", flat=True
            )[:3]
        ),
        "number": list(ErasureCertificate.objects.values_list("number", flat=True)[:2]),
        "learning:my-place.token": own_places,
        "learning:certificate.token": [finished.token],
        "learning:certificate-verify.code": [finished.certificate_code],
    }
    return World(hub_secret=secret, known={k: [str(v) for v in vs if v] for k, vs in known.items()})


@contextlib.contextmanager
def fresh_example():
    """Each example starts from the world as the fixture made it: its rows are rolled back
    and rate-limit counters and cached pages dropped, so no example is refused with a 429
    merely because earlier examples used up a limit."""
    cache.clear()
    content_cache.forget()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def send(client: Client, method: str, url: str, *, query="", body=b"", content_type=None, **extra):
    """One request as a WSGI server would hand it to Django; a view's exception is raised
    here (the test client re-raises it), any other 5xx is a failure too."""
    response = client.generic(
        method.upper(),
        url,
        data=body or b"",
        content_type=content_type or "application/octet-stream",
        QUERY_STRING=query,
        **extra,
    )
    check(response, url)
    return response


def check(response, url: str) -> None:
    status = response.status_code
    assert status < 500, f"{status} for {url}"
    if url.startswith(("/api/", "/en/api/")) and status >= 400:
        kind = response.get("Content-Type", "")
        assert kind.startswith("application/problem+json"), f"{status} {kind!r} for {url}"


def fuzz_each(items, example, *, label=lambda item: item.id, share=1) -> None:
    """Run hypothesis on `example(item, data)` for every item, in one test so the world is
    made once; then fail with every item that failed and the smallest input found for it.
    With `share`, each item gets only that fraction of the profile's examples."""
    failures = []
    examples = max(2, hostile.fuzz_settings.max_examples // share)
    for item in items:
        run = _hypothesis_test(example, item, examples)
        # Each item keeps its own failing examples in the hypothesis database.
        run.hypothesis.inner_test._hypothesis_internal_add_digest = label(item).encode()
        try:
            run()
        except Exception as error:  # collected, then all reported together below
            failures.append(f"{label(item)}:\n{_describe(error)}")
    assert not failures, f"{len(failures)} of {len(items)} failed:\n\n" + "\n\n".join(failures)


def _hypothesis_test(example, item, examples: int):
    @settings(hostile.fuzz_settings, max_examples=examples)
    @given(data=st.data())
    def run(data):
        example(item, data)

    return run


def _describe(error: BaseException) -> str:
    errors = error.exceptions if isinstance(error, BaseExceptionGroup) else (error,)
    lines = []
    for one in errors:
        ours = [f for f in traceback.extract_tb(one.__traceback__) if "/digiketen/" in f.filename]
        where = f" at {ours[-1].filename.split('/src/')[-1]}:{ours[-1].lineno}" if ours else ""
        lines.append(f"  {type(one).__name__}: {str(one)[:300]}{where}")
        lines += [f"    {note[:400]}" for note in getattr(one, "__notes__", [])]
    return "\n".join(lines)
