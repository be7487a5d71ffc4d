"""Role × page matrix: every URL pattern has an entry, and every role gets exactly its pages.

A new URL without an entry in ROUTES fails `test_every_url_pattern_is_in_the_matrix`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.directory import hsds
from digiketen.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ScheduleExceptionFactory,
    ServiceAtLocationFactory,
)
from digiketen.tests.role_worlds import (
    application_world,
    buddy_world,
    course_world,
    device_world,
    helpdesk_world,
)

ALL_ROLES = frozenset(Role)
ADMINS = frozenset({Role.SYSTEM_ADMIN, Role.ORGANISATION_ADMIN})
ORGANISATION_MANAGERS = frozenset({Role.COORDINATOR, Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN})
SERVICE_MANAGERS = ORGANISATION_MANAGERS
DEVICE_WORKERS = frozenset(
    {Role.HUB_STAFF, Role.TECHNICIAN_SUPERVISOR, Role.TECHNICIAN_TRAINEE, Role.SYSTEM_ADMIN}
)
DEVICE_RECEIVERS = frozenset({Role.HUB_STAFF, Role.TECHNICIAN_SUPERVISOR, Role.SYSTEM_ADMIN})
SUPERVISORS = frozenset({Role.TECHNICIAN_SUPERVISOR, Role.SYSTEM_ADMIN})
HANDLERS = frozenset({Role.HUB_STAFF, Role.SYSTEM_ADMIN})
HELPERS = frozenset({Role.HELP_POINT_STAFF, Role.SYSTEM_ADMIN})
BUDDY_COORDINATORS = frozenset({Role.BUDDY_COORDINATOR, Role.SYSTEM_ADMIN})
COURSES = frozenset({Role.COURSE_COORDINATOR, Role.SYSTEM_ADMIN})
FIGURE_READERS = frozenset(
    {Role.HELP_POINT_STAFF, Role.COORDINATOR, Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN}
)


def _import_run(world):
    from digiketen.directory.models import ServiceImport

    return ServiceImport.objects.get_or_create(
        organisation=world["organisation"], defaults={"file_name": "p.zip"}
    )[0]


def _visit(world):
    return {"pk": world["visit"].pk}


def _application(world):
    return {"pk": world["application"].pk}


def _handed(world):
    return {"pk": world["handed"].pk}


@dataclass(frozen=True)
class Route:
    roles: frozenset[Role] | None  # None: public, also without login
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    method: str = "get"
    allowed_status: int = 200
    query: Callable[[dict], dict] = field(default=lambda world: {})
    # Roles that may open the page in general but not for this object get 404, not 403.
    not_found_for: frozenset[Role] = frozenset()


def _user_kwargs(world):
    return {"pk": world["colleague"].pk}


ROUTES: dict[str, Route] = {
    "theme-css": Route(None),
    "logo": Route(None, allowed_status=404),  # no logo uploaded in this world
    "core:home": Route(None),
    "core:accessibility": Route(None),
    "core:privacy": Route(None),
    "core:workspace": Route(ALL_ROLES),
    "core:audit-list": Route(ADMINS),
    "core:to-do": Route(HANDLERS),
    "core:letter": Route(HANDLERS, kwargs=lambda w: {"pk": w["letter"].pk}),
    "core:message-done": Route(
        HANDLERS, kwargs=lambda w: {"pk": w["letter"].pk}, method="post", allowed_status=302
    ),
    "core:site-settings": Route(frozenset({Role.SYSTEM_ADMIN})),
    "accounts:login": Route(None),
    "accounts:logout": Route(None, method="post", allowed_status=302),
    "accounts:password-reset": Route(None),
    "accounts:password-reset-done": Route(None),
    "accounts:password-reset-confirm": Route(
        None, kwargs=lambda w: {"uidb64": "MQ", "token": "invalid-token"}
    ),
    "accounts:password-reset-complete": Route(None),
    # A verified user is sent on from the second-factor steps.
    "accounts:two-factor": Route(ALL_ROLES, allowed_status=302),
    "accounts:otp-verify": Route(ALL_ROLES, allowed_status=302),
    "accounts:otp-enrol": Route(ALL_ROLES),
    "accounts:recovery-codes": Route(ALL_ROLES, allowed_status=302),
    "accounts:recovery-codes-regenerate": Route(ALL_ROLES, method="post", allowed_status=302),
    "accounts:account": Route(ALL_ROLES),
    "accounts:password-change": Route(ALL_ROLES),
    "accounts:user-list": Route(ADMINS),
    "accounts:user-create": Route(ADMINS),
    "accounts:user-detail": Route(ADMINS, kwargs=_user_kwargs),
    "accounts:user-update": Route(ADMINS, kwargs=_user_kwargs),
    "accounts:role-add": Route(ADMINS, kwargs=_user_kwargs, method="post", allowed_status=302),
    "accounts:role-remove": Route(
        ADMINS,
        kwargs=lambda w: {"pk": w["colleague"].pk, "membership_pk": w["colleague_membership"].pk},
        method="post",
        allowed_status=302,
    ),
    "organisations:list": Route(ALL_ROLES),
    "organisations:create": Route(frozenset({Role.COORDINATOR, Role.SYSTEM_ADMIN})),
    "organisations:detail": Route(ALL_ROLES, kwargs=lambda w: {"pk": w["organisation"].pk}),
    "organisations:update": Route(
        ORGANISATION_MANAGERS, kwargs=lambda w: {"pk": w["organisation"].pk}
    ),
    "organisations:location-create": Route(
        ORGANISATION_MANAGERS, kwargs=lambda w: {"pk": w["organisation"].pk}
    ),
    "organisations:location-detail": Route(ALL_ROLES, kwargs=lambda w: {"pk": w["location"].pk}),
    "organisations:location-update": Route(
        ORGANISATION_MANAGERS, kwargs=lambda w: {"pk": w["location"].pk}
    ),
    "directory:public-start": Route(None),
    "directory:public-results": Route(None, kwargs=lambda w: {"need": "digid"}),
    "directory:public-service": Route(None, kwargs=lambda w: {"uuid": w["service"].uuid}),
    "directory:public-location": Route(None, kwargs=lambda w: {"uuid": w["location"].uuid}),
    "directory:public-overview": Route(
        None, query=lambda w: {"hulp": "digid", "wijk": w["location"].neighbourhood_id}
    ),
    "directory:public-overview-pdf": Route(
        None, query=lambda w: {"hulp": "digid", "wijk": w["location"].neighbourhood_id}
    ),
    "directory:public-neighbourhood": Route(
        None, query=lambda w: {"wijk": w["location"].neighbourhood_id}
    ),
    "directory:public-neighbourhood-pdf": Route(
        None, query=lambda w: {"wijk": w["location"].neighbourhood_id}
    ),
    "learning:programme-list": Route(COURSES),
    "learning:programme-create": Route(COURSES),
    "learning:programme-detail": Route(COURSES, kwargs=lambda w: {"pk": w["programme"].pk}),
    "learning:programme-update": Route(COURSES, kwargs=lambda w: {"pk": w["programme"].pk}),
    "learning:run-create": Route(COURSES, kwargs=lambda w: {"programme_pk": w["programme"].pk}),
    "learning:run-detail": Route(COURSES, kwargs=lambda w: {"pk": w["run"].pk}),
    "learning:run-update": Route(COURSES, kwargs=lambda w: {"pk": w["run"].pk}),
    "learning:attendance": Route(COURSES, kwargs=lambda w: {"pk": w["session"].pk}),
    "learning:desk-signup": Route(COURSES),
    "learning:enrolment-detail": Route(COURSES, kwargs=lambda w: {"pk": w["enrolment"].pk}),
    "learning:enrolment-step": Route(
        COURSES,
        kwargs=lambda w: {"pk": w["enrolment"].pk, "step": "leave"},
        method="post",
        allowed_status=302,
    ),
    "learning:from-visit": Route(HELPERS, kwargs=_visit),
    "learning:from-handover": Route(HANDLERS, kwargs=lambda w: {"pk": w["handed"].handover.pk}),
    "learning:signup": Route(None),
    "learning:my-place": Route(None, kwargs=lambda w: {"token": w["enrolment"].token}),
    "learning:certificate": Route(None, kwargs=lambda w: {"token": w["completed"].token}),
    "learning:certificate-verify": Route(None, kwargs=lambda w: {"code": "ABCDE12345"}),
    "inventory:device-list": Route(DEVICE_WORKERS),
    "inventory:device-intake": Route(DEVICE_RECEIVERS),
    "inventory:device-detail": Route(DEVICE_WORKERS, kwargs=lambda w: {"pk": w["device"].pk}),
    "inventory:device-update": Route(DEVICE_WORKERS, kwargs=lambda w: {"pk": w["device"].pk}),
    "inventory:device-transition": Route(
        DEVICE_WORKERS, kwargs=lambda w: {"pk": w["device"].pk}, method="post", allowed_status=302
    ),
    # The page that shows what the triage will decide; its confirmation is the same view.
    "inventory:device-triage": Route(DEVICE_RECEIVERS, kwargs=lambda w: {"pk": w["device"].pk}),
    "inventory:medium-create": Route(DEVICE_WORKERS, kwargs=lambda w: {"pk": w["device"].pk}),
    "inventory:erasure-create": Route(DEVICE_WORKERS, kwargs=lambda w: {"pk": w["medium"].pk}),
    "inventory:erasure-sign-off": Route(
        SUPERVISORS, kwargs=lambda w: {"pk": w["erasure"].pk}, method="post", allowed_status=302
    ),
    "inventory:certificate-pdf": Route(
        DEVICE_WORKERS, kwargs=lambda w: {"number": w["certificate"].number}
    ),
    "certificates:verify": Route(None, kwargs=lambda w: {"number": w["certificate"].number}),
    "inventory:collector-download": Route(DEVICE_WORKERS),
    "inventory:upload-keys": Route(SUPERVISORS),
    "inventory:upload-key-revoke": Route(
        SUPERVISORS,
        kwargs=lambda w: {"pk": w["upload_key"].pk},
        method="post",
        allowed_status=302,
    ),
    "inventory:stock": Route(DEVICE_WORKERS | {Role.COORDINATOR}),  # counts only
    "inventory:code-lists": Route(SUPERVISORS),
    "inventory:impact-factors": Route(frozenset({Role.COORDINATOR, Role.SYSTEM_ADMIN})),
    "inventory:shipment-create": Route(DEVICE_RECEIVERS),
    "inventory:device-transfer": Route(
        DEVICE_RECEIVERS, kwargs=lambda w: {"pk": w["device"].pk}, method="post", allowed_status=302
    ),
    "inventory:work-log-create": Route(
        DEVICE_WORKERS, kwargs=lambda w: {"pk": w["device"].pk}, method="post", allowed_status=302
    ),
    "inventory:trainee-list": Route(SUPERVISORS),
    "inventory:trainee-detail": Route(
        SUPERVISORS,
        kwargs=lambda w: {"pk": w["trainee"].pk},
        not_found_for=DEVICE_WORKERS - SUPERVISORS,
    ),
    "inventory:trainee-portfolio": Route(
        SUPERVISORS,
        kwargs=lambda w: {"pk": w["trainee"].pk},
        not_found_for=DEVICE_WORKERS - SUPERVISORS,
    ),
    "inventory:skill-sign-off": Route(
        SUPERVISORS,
        kwargs=lambda w: {"pk": w["trainee"].pk, "skill_pk": w["skill"].pk},
        method="post",
        allowed_status=302,
    ),
    "inventory:labels": Route(DEVICE_WORKERS, query=lambda w: {"ids": w["device"].pk}),
    "api:openapi": Route(None),
    # Only a hub token opens the upload; a staff session does not.
    "api:device-captures": Route(
        None,
        kwargs=lambda w: {"assetTag": w["device"].asset_tag},
        method="post",
        allowed_status=401,
    ),
    "donations:donate": Route(None),
    "donations:donor-page": Route(None, kwargs=lambda w: {"token": w["donation"].token}),
    # Without certificates yet, the PDF link leads back to the donor page.
    "donations:donor-certificates": Route(
        None, kwargs=lambda w: {"token": w["donation"].token}, allowed_status=302
    ),
    "donations:list": Route(DEVICE_RECEIVERS),
    "donations:detail": Route(DEVICE_RECEIVERS, kwargs=lambda w: {"pk": w["donation"].pk}),
    # Sent without a reason or a donation to keep: the page again, with what is missing.
    "donations:close": Route(
        DEVICE_RECEIVERS, kwargs=lambda w: {"pk": w["donation"].pk}, method="post"
    ),
    "donations:merge": Route(
        DEVICE_RECEIVERS, kwargs=lambda w: {"pk": w["donation"].pk}, method="post"
    ),
    "applications:apply": Route(None),
    "applications:apply-step": Route(None, kwargs=lambda w: {"step": "wat"}),
    # Only the browser that sent the application (or looked it up) sees its status.
    "applications:applied": Route(
        None, kwargs=lambda w: {"reference": w["application"].reference}, allowed_status=302
    ),
    "applications:status": Route(None),
    "applications:status-detail": Route(
        None, kwargs=lambda w: {"reference": w["application"].reference}, allowed_status=302
    ),
    "applications:invitation": Route(
        None, kwargs=lambda w: {"token": w["invited"].invitation_token}
    ),
    # No pickup time chosen yet: no calendar file, a page that says so.
    "applications:invitation-ics": Route(
        None, kwargs=lambda w: {"token": w["invited"].invitation_token}, allowed_status=404
    ),
    "applications:list": Route(HANDLERS),
    "applications:new": Route(HANDLERS),
    "applications:waiting-list": Route(HANDLERS),
    "applications:slots": Route(HANDLERS),
    "applications:day-list": Route(HANDLERS),
    "applications:checks": Route(HANDLERS),
    "applications:check-status": Route(
        HANDLERS,
        kwargs=lambda w: {"pk": w["check"].pk},
        method="post",
        allowed_status=302,
    ),
    "applications:cash": Route(HANDLERS),
    "applications:tasks": Route(None, allowed_status=301),  # moved to core:to-do
    "applications:letter": Route(HANDLERS, kwargs=lambda w: {"pk": w["letter"].pk}),
    "applications:task-done": Route(
        HANDLERS, kwargs=lambda w: {"pk": w["letter"].pk}, method="post", allowed_status=302
    ),
    "applications:internet-list": Route(HANDLERS),
    "applications:policy": Route(frozenset({Role.COORDINATOR, Role.SYSTEM_ADMIN})),
    "applications:detail": Route(HANDLERS, kwargs=_application),
    "applications:eligibility": Route(HANDLERS, kwargs=_application),
    "applications:move-up": Route(HANDLERS, kwargs=_application),
    "applications:reserve": Route(HANDLERS, kwargs=_application),
    "applications:book": Route(HANDLERS, kwargs=_application),
    # A submitted application has had no pickup time: back to it, with a message.
    "applications:no-show": Route(HANDLERS, kwargs=_application, allowed_status=302),
    "applications:handover": Route(HANDLERS, kwargs=_application),
    "applications:handover-done": Route(HANDLERS, kwargs=_handed),
    "applications:agreement": Route(HANDLERS, kwargs=_handed),
    "applications:return": Route(HANDLERS, kwargs=_handed),
    "applications:internet": Route(HANDLERS, kwargs=_application),
    "applications:close": Route(HANDLERS, kwargs=_application),
    "applications:release": Route(HANDLERS, kwargs=lambda w: {"pk": w["invited"].pk}),
    "applications:lost": Route(HANDLERS, kwargs=_handed),
    "helpdesk:book": Route(None),
    "helpdesk:book-day": Route(None, kwargs=lambda w: {"location": w["open_slot"].location.uuid}),
    "helpdesk:book-time": Route(
        None,
        kwargs=lambda w: {
            "location": w["open_slot"].location.uuid,
            "day": timezone.localdate(w["open_slot"].starts_at).isoformat(),
        },
    ),
    # Only for the browser that booked; others are sent to the start.
    "helpdesk:booked": Route(
        None, kwargs=lambda w: {"pk": w["appointment"].pk}, allowed_status=302
    ),
    # The link in a confirmation: anyone who has it (no login).
    "helpdesk:manage": Route(None, kwargs=lambda w: {"token": w["check"].manage_token}),
    "helpdesk:book-check": Route(None),
    "helpdesk:book-check-day": Route(
        None, kwargs=lambda w: {"location": w["open_check"].location.uuid}
    ),
    "helpdesk:book-check-time": Route(
        None,
        kwargs=lambda w: {
            "location": w["open_check"].location.uuid,
            "day": timezone.localdate(w["open_check"].starts_at).isoformat(),
        },
    ),
    "helpdesk:survey-start": Route(None),
    "helpdesk:survey": Route(None, kwargs=lambda w: {"code": w["visit"].survey.code}),
    "helpdesk:register": Route(HELPERS),
    "helpdesk:visit-list": Route(HELPERS),
    "helpdesk:contact-detail": Route(HELPERS, kwargs=_visit),
    "helpdesk:correct": Route(HELPERS, kwargs=_visit),
    "helpdesk:slip": Route(HELPERS, kwargs=_visit),
    "helpdesk:paper-answer": Route(HELPERS, kwargs=_visit),
    "helpdesk:templates": Route(HELPERS),
    "helpdesk:appointments": Route(HELPERS),
    "helpdesk:helper-day": Route(HELPERS),
    "helpdesk:appointment": Route(HELPERS, kwargs=lambda w: {"pk": w["appointment"].pk}),
    "helpdesk:appointment-status": Route(
        HELPERS,
        kwargs=lambda w: {"pk": w["appointment"].pk},
        method="post",
        allowed_status=409,  # no status given, no page to return to: the refusal page
    ),
    "helpdesk:appointment-ics": Route(HELPERS, kwargs=lambda w: {"pk": w["appointment"].pk}),
    "helpdesk:appointment-slip": Route(HELPERS, kwargs=lambda w: {"pk": w["appointment"].pk}),
    "helpdesk:template-delete": Route(
        HELPERS, kwargs=lambda w: {"pk": w["template"].pk}, method="post", allowed_status=302
    ),
    "helpdesk:code-lists": Route(frozenset({Role.COORDINATOR, Role.SYSTEM_ADMIN})),
    "helpdesk:figures": Route(FIGURE_READERS),
    "helpdesk:figures-export": Route(FIGURE_READERS, kwargs=lambda w: {"fmt": "csv"}),
    "helpdesk:year": Route(FIGURE_READERS),
    "helpdesk:signals": Route(FIGURE_READERS),
    "helpdesk:signals-export": Route(FIGURE_READERS),
    "hsds:root": Route(None),
    "hsds:service-list": Route(None),
    "hsds:service-detail": Route(None, kwargs=lambda w: {"id": w["service"].uuid}),
    "hsds:organization-list": Route(None),
    "hsds:organization-detail": Route(None, kwargs=lambda w: {"id": w["organisation"].uuid}),
    "hsds:service-at-location-list": Route(None),
    "hsds:service-at-location-detail": Route(None, kwargs=lambda w: {"id": w["place"].uuid}),
    "hsds:taxonomy-list": Route(None),
    "learning:buddies": Route(BUDDY_COORDINATORS),
    "learning:volunteer-list": Route(BUDDY_COORDINATORS),
    "learning:volunteer-create": Route(BUDDY_COORDINATORS),
    "learning:volunteer-detail": Route(
        BUDDY_COORDINATORS, kwargs=lambda w: {"pk": w["volunteer"].pk}
    ),
    "learning:volunteer-update": Route(
        BUDDY_COORDINATORS, kwargs=lambda w: {"pk": w["volunteer"].pk}
    ),
    "learning:volunteer-vog": Route(
        BUDDY_COORDINATORS,
        kwargs=lambda w: {"pk": w["volunteer"].pk},
        method="post",
        allowed_status=302,
    ),
    "learning:request-list": Route(BUDDY_COORDINATORS),
    "learning:request-create": Route(BUDDY_COORDINATORS),
    "learning:request-detail": Route(
        BUDDY_COORDINATORS, kwargs=lambda w: {"pk": w["buddy_request"].pk}
    ),
    # No volunteer chosen: back to the request.
    "learning:match-propose": Route(
        BUDDY_COORDINATORS,
        kwargs=lambda w: {"pk": w["buddy_request"].pk},
        method="post",
        allowed_status=302,
    ),
    "learning:match-detail": Route(BUDDY_COORDINATORS, kwargs=lambda w: {"pk": w["match"].pk}),
    "learning:match-step": Route(
        BUDDY_COORDINATORS,
        kwargs=lambda w: {"pk": w["match"].pk},
        method="post",
        allowed_status=302,
    ),
    # Nothing filled in: back to the match, with a message.
    "learning:meeting-create": Route(
        BUDDY_COORDINATORS,
        kwargs=lambda w: {"pk": w["match"].pk},
        method="post",
        allowed_status=302,
    ),
    "learning:buddy-figures": Route(BUDDY_COORDINATORS),
    "learning:buddy-figures-export": Route(BUDDY_COORDINATORS, kwargs=lambda w: {"fmt": "csv"}),
    "learning:buddy-policy": Route(BUDDY_COORDINATORS),
    "hsds:taxonomy-detail": Route(
        None, kwargs=lambda w: {"id": hsds.taxonomy("accessibility")["id"]}
    ),
    "hsds:taxonomy-term-list": Route(None),
    "hsds:taxonomy-term-detail": Route(
        None, kwargs=lambda w: {"id": hsds.service_type_term("help_point")["id"]}
    ),
    "directory:service-list": Route(SERVICE_MANAGERS),
    "directory:service-import": Route(frozenset({Role.COORDINATOR, Role.SYSTEM_ADMIN})),
    "directory:service-import-run": Route(
        frozenset({Role.COORDINATOR, Role.SYSTEM_ADMIN}),
        kwargs=lambda w: {"uuid": _import_run(w).uuid},
    ),
    "directory:service-create": Route(SERVICE_MANAGERS),
    "directory:service-detail": Route(SERVICE_MANAGERS, kwargs=lambda w: {"pk": w["service"].pk}),
    "directory:service-update": Route(SERVICE_MANAGERS, kwargs=lambda w: {"pk": w["service"].pk}),
    "directory:service-confirm": Route(
        SERVICE_MANAGERS,
        kwargs=lambda w: {"pk": w["service"].pk},
        method="post",
        allowed_status=302,
    ),
    "directory:place-create": Route(SERVICE_MANAGERS, kwargs=lambda w: {"pk": w["service"].pk}),
    "directory:place-update": Route(SERVICE_MANAGERS, kwargs=lambda w: {"pk": w["place"].pk}),
    "directory:place-remove": Route(
        SERVICE_MANAGERS, kwargs=lambda w: {"pk": w["place"].pk}, method="post", allowed_status=302
    ),
    "directory:exception-create": Route(SERVICE_MANAGERS, kwargs=lambda w: {"pk": w["place"].pk}),
    "directory:exception-remove": Route(
        SERVICE_MANAGERS,
        kwargs=lambda w: {"pk": w["exception"].pk},
        method="post",
        allowed_status=302,
    ),
}


def _url_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_matrix():
    assert _url_names(get_resolver().url_patterns) == set(ROUTES)


@pytest.fixture
def world(db):
    """One organisation with a location and a colleague; every test user works there."""
    organisation = OrganisationFactory(name="Cyberbank", type="refurbisher")
    colleague = make_staff(Role.HELP_POINT_STAFF, organisation)
    location = LocationFactory(organisation=organisation)
    place = ServiceAtLocationFactory(
        service__organisation=organisation, service__type="device_handout", location=location
    )
    return {
        "organisation": organisation,
        "location": location,
        "colleague": colleague,
        "colleague_membership": colleague.memberships.get(),
        "service": place.service,
        "place": place,
        "exception": ScheduleExceptionFactory(service_at_location=place),
        **device_world(organisation, location, colleague),
        **application_world(location, colleague),
        **helpdesk_world(location, colleague),
        **buddy_world(organisation),
        **course_world(organisation, location),
    }


def _request(client, name: str, route: Route, world: dict):
    url = reverse(name, kwargs=route.kwargs(world))
    if route.query(world):
        url += "?" + urlencode(route.query(world))
    if name == "accounts:role-add":
        data = {"organisation": world["organisation"].pk, "role": Role.COURSE_COORDINATOR}
        return client.post(url, data)
    return getattr(client, route.method)(url)


@pytest.mark.parametrize("role", sorted(Role), ids=str)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_role_reaches_exactly_its_pages(client, world, name, role):
    route = ROUTES[name]
    user = make_staff(role, world["organisation"])
    login_verified(client, user)
    response = _request(client, name, route, world)
    allowed = route.roles is None or role in route.roles
    expected = route.allowed_status if allowed else 404 if role in route.not_found_for else 403
    assert response.status_code == expected, f"{role} on {name}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_visitor_is_sent_to_login_for_staff_pages(client, world, name):
    route = ROUTES[name]
    response = _request(client, name, route, world)
    if route.roles is None:
        assert response.status_code == route.allowed_status
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# Pages that show personal data (donors, residents, visitors, trainees, staff), named by hand
# from what each page shows, not from permissions.PERSONAL_DATA: every role that may open one
# must pass the second factor first, so a role that gains such a page without the rule
# following (an unmarked permission) fails here.
PERSONAL_PAGES = [
    "donations:list",
    "donations:detail",
    "donations:close",
    "donations:merge",
    "applications:list",
    "applications:detail",
    "applications:waiting-list",
    "core:to-do",
    "core:letter",
    "core:audit-list",
    "accounts:user-list",
    "accounts:user-detail",
    "helpdesk:visit-list",
    "helpdesk:contact-detail",
    "helpdesk:appointments",
    "inventory:trainee-list",
    "inventory:trainee-detail",
    "inventory:trainee-portfolio",
    "learning:volunteer-list",
    "learning:volunteer-detail",
    "learning:request-list",
    "learning:request-detail",
    "learning:match-detail",
    "learning:programme-detail",
    "learning:run-detail",
    "learning:attendance",
    "learning:enrolment-detail",
]


@pytest.mark.parametrize("role", sorted(Role), ids=str)
def test_a_password_alone_opens_no_page_with_personal_data(client, world, role):
    user = make_staff(role, world["organisation"])
    client.force_login(user)  # the password step only
    reachable = [name for name in PERSONAL_PAGES if role in ROUTES[name].roles]
    for name in reachable:
        response = _request(client, name, ROUTES[name], world)
        assert response.status_code == 302, f"{role} opens {name} with a password only"
        assert response["Location"].startswith(reverse("accounts:two-factor")), name


@pytest.mark.parametrize(
    "name", ["learning:volunteer-detail", "learning:volunteer-update", "learning:volunteer-vog"]
)
def test_buddy_coordinator_does_not_find_another_organisations_volunteer(client, world, name):
    login_verified(client, make_staff(Role.BUDDY_COORDINATOR, world["organisation"]))
    url = reverse(name, kwargs={"pk": world["foreign_volunteer"].pk})
    response = client.post(url) if name.endswith("vog") else client.get(url)
    assert response.status_code == 404
