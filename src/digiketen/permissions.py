"""The one place that answers "may this user do X on this object?".

Every view and API endpoint asks here. A grant has a scope: ALL organisations, or only the
organisations (OWN) where the user holds the role. Querysets for lists and lookups come from
the same table, so an object outside the user's scope is simply not found (404).
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from digiketen.accounts.roles import Role


class Perm(StrEnum):
    VIEW_DIRECTORY = "directory.view"
    CREATE_ORGANISATION = "organisations.create"
    MANAGE_ORGANISATION = "organisations.manage"
    MANAGE_USERS = "users.manage"
    VIEW_AUDIT = "audit.view"
    CONFIGURE_SITE = "site.configure"
    MANAGE_SERVICES = "services.manage"
    WORK_ON_DEVICES = "devices.work"  # see devices, refurbish, record erasures
    RECEIVE_DEVICES = "devices.receive"  # intake, triage, exits
    SUPERVISE_DEVICES = "devices.supervise"  # sign off erasures, quality check, release
    HANDLE_APPLICATIONS = "applications.handle"  # residents' applications, handover, deposits
    CONFIGURE_DISTRIBUTION = "applications.configure"  # eligibility rules and priorities
    REGISTER_HELP = "helpdesk.register"  # visits to a help point, surveys on paper
    VIEW_HELP_FIGURES = "helpdesk.figures"  # figures and signals of help points
    CONFIGURE_HELPDESK = "helpdesk.configure"  # themes and agencies
    HANDLE_MESSAGES = "messages.handle"  # letters to print and calls to make for residents
    CONFIGURE_IMPACT = "inventory.impact"  # e-waste and CO2 per reused device (municipal)
    VIEW_CHAIN_FIGURES = "figures.chain"  # counts of every domain; never a person's record
    MANAGE_COURSES = "learning.courses"  # programmes, runs, participants, attendance
    MANAGE_BUDDIES = "learning.buddies"  # volunteers, their VOG, requests, matches


# Permissions that show personal data of residents, donors, visitors, trainees or staff, or that
# hand out access to it. Mark a permission here, once, when it does: every role granted one
# must pass a second factor (needs_second_factor), and the role matrix tests prove it.
PERSONAL_DATA = frozenset(
    {
        Perm.MANAGE_USERS,  # staff accounts, and giving anyone a role that reads residents
        Perm.VIEW_AUDIT,  # who did what to whom
        Perm.RECEIVE_DEVICES,  # donors' names, e-mail, phone and pickup address
        Perm.SUPERVISE_DEVICES,  # trainees' hours, skills and portfolios
        Perm.HANDLE_APPLICATIONS,  # residents' applications, income, address
        Perm.HANDLE_MESSAGES,  # residents' postal addresses and phone numbers
        Perm.REGISTER_HELP,  # visitors of the help point and their questions
        Perm.MANAGE_COURSES,  # course participants: contact details, level, attendance
        Perm.MANAGE_BUDDIES,  # volunteers (VOG) and the residents they help at home
    }
)


class Scope(StrEnum):
    ALL = "all"
    OWN = "own"


_STAFF = {Perm.VIEW_DIRECTORY: Scope.ALL}

GRANTS: dict[Role, dict[Perm, Scope]] = {
    Role.COORDINATOR: _STAFF
    | {
        Perm.CREATE_ORGANISATION: Scope.ALL,
        Perm.MANAGE_ORGANISATION: Scope.ALL,
        Perm.MANAGE_SERVICES: Scope.ALL,
        Perm.CONFIGURE_DISTRIBUTION: Scope.ALL,
        Perm.VIEW_HELP_FIGURES: Scope.ALL,
        Perm.CONFIGURE_HELPDESK: Scope.ALL,
        Perm.CONFIGURE_IMPACT: Scope.ALL,
        Perm.VIEW_CHAIN_FIGURES: Scope.ALL,
    },
    Role.HUB_STAFF: _STAFF
    | {
        Perm.WORK_ON_DEVICES: Scope.OWN,
        Perm.RECEIVE_DEVICES: Scope.OWN,
        Perm.HANDLE_APPLICATIONS: Scope.OWN,
        Perm.HANDLE_MESSAGES: Scope.OWN,
    },
    Role.TECHNICIAN_SUPERVISOR: _STAFF
    | {
        Perm.WORK_ON_DEVICES: Scope.OWN,
        Perm.RECEIVE_DEVICES: Scope.OWN,
        Perm.SUPERVISE_DEVICES: Scope.OWN,
    },
    Role.TECHNICIAN_TRAINEE: _STAFF | {Perm.WORK_ON_DEVICES: Scope.OWN},
    Role.HELP_POINT_STAFF: _STAFF
    | {Perm.REGISTER_HELP: Scope.OWN, Perm.VIEW_HELP_FIGURES: Scope.OWN},
    Role.COURSE_COORDINATOR: _STAFF | {Perm.MANAGE_COURSES: Scope.OWN},
    Role.BUDDY_COORDINATOR: _STAFF | {Perm.MANAGE_BUDDIES: Scope.OWN},
    Role.PARTNER_PROFESSIONAL: _STAFF,
    Role.ORGANISATION_ADMIN: _STAFF
    | {
        Perm.MANAGE_ORGANISATION: Scope.OWN,
        Perm.MANAGE_SERVICES: Scope.OWN,
        Perm.MANAGE_USERS: Scope.OWN,
        Perm.VIEW_AUDIT: Scope.OWN,
        Perm.VIEW_HELP_FIGURES: Scope.OWN,
    },
    Role.SYSTEM_ADMIN: dict.fromkeys(Perm, Scope.ALL),
}


def grants_of(user) -> list[tuple[int, Perm, Scope]]:
    """(organisation id, perm, scope) for every grant the user holds, from their memberships in
    active organisations; computed once per request (cached on the user, which lives as long
    as the request). The signed-in user brings their memberships along
    (accounts.selectors.signed_in_user); any other user's are read here."""
    if not user.is_authenticated or not user.is_active:
        return []
    if not hasattr(user, "_grants"):
        memberships = getattr(user, "active_memberships", None)
        if memberships is None:
            memberships = user.memberships.filter(organisation__is_active=True).values_list(
                "organisation_id", "role"
            )
        user._grants = [
            (org_id, perm, scope)
            for org_id, role in memberships
            for perm, scope in GRANTS.get(Role(role), {}).items()
        ]
    return user._grants


def organisation_ids(user, perm: Perm) -> set[int] | None:
    """The organisations where `user` has `perm`; None means all of them."""
    ids: set[int] = set()
    for org_id, granted, scope in grants_of(user):
        if granted == perm:
            if scope == Scope.ALL:
                return None
            ids.add(org_id)
    return ids


def owner_organisation_ids(obj: Model) -> set[int]:
    """The organisations an object belongs to, for scoped checks."""
    from digiketen.accounts.models import User

    if isinstance(obj, User):
        return set(obj.memberships.values_list("organisation_id", flat=True))
    owner = obj.audit_organisation
    return {owner.pk} if owner is not None else set()


def _reaches_every_organisation(grants: dict[Perm, Scope]) -> bool:
    return any(scope == Scope.ALL and perm != Perm.VIEW_DIRECTORY for perm, scope in grants.items())


# Roles whose grants reach every organisation; only a system administrator hands them out.
GLOBAL_ROLES = frozenset(
    role for role, grants in GRANTS.items() if _reaches_every_organisation(grants)
)


def needs_second_factor(role: Role) -> bool:
    """Must a holder of `role` pass two-factor login? Yes when the role reaches personal data
    (PERSONAL_DATA) or acts for every organisation (GLOBAL_ROLES: the municipality's roles,
    whose changes reach every partner). Computed from GRANTS, so a role that gains such a
    permission needs the second factor without anyone keeping a list."""
    grants = GRANTS.get(Role(role), {})
    return _reaches_every_organisation(grants) or not PERSONAL_DATA.isdisjoint(grants)


def two_factor_roles() -> frozenset[Role]:
    """The roles whose holders must pass two-factor login."""
    return frozenset(role for role in Role if needs_second_factor(role))


def grantable_roles(user) -> list[Role]:
    """The roles `user` may give to or take from others."""
    if organisation_ids(user, Perm.MANAGE_USERS) is None:
        return list(Role)
    return [role for role in Role if role not in GLOBAL_ROLES]


def may_edit_user(actor, user) -> bool:
    """Editing an account (e-mail, active) needs authority over all of its organisations and
    roles; otherwise an organisation admin could take over a system administrator's account."""
    allowed = organisation_ids(actor, Perm.MANAGE_USERS)
    if allowed is None:
        return True
    memberships = list(user.memberships.values_list("organisation_id", "role"))
    grantable = set(grantable_roles(actor))
    return bool(memberships) and all(
        org_id in allowed and role in grantable for org_id, role in memberships
    )


def has_perm(user, perm: Perm, obj: Model | None = None) -> bool:
    """May `user` do `perm` (on `obj`, when given)?"""
    allowed = organisation_ids(user, perm)
    if allowed is None:
        return True
    if obj is None:
        return bool(allowed)
    return bool(allowed & owner_organisation_ids(obj))


def scope_queryset(user, perm: Perm, queryset: QuerySet, organisation_field: str) -> QuerySet:
    """`queryset` limited to objects whose `organisation_field` is in the user's scope."""
    allowed = organisation_ids(user, perm)
    if allowed is None:
        return queryset
    if not allowed:
        return queryset.none()
    return queryset.filter(**{f"{organisation_field}__in": allowed})


@dataclass(frozen=True)
class Section:
    """A part of the staff workspace, shown to users who hold its permission."""

    key: str
    title: str
    description: str
    url_name: str
    perm: Perm | None  # None: every logged-in user


SECTIONS = [
    Section(
        "directory",
        _("Organisaties en locaties"),
        _("Partners in de keten, hun locaties, openingstijden en toegankelijkheid."),
        "organisations:list",
        Perm.VIEW_DIRECTORY,
    ),
    Section(
        "services",
        _("Hulp in de buurt"),
        _("De hulp die uw organisatie biedt: waar, wanneer en voor wie. Houd dit actueel."),
        "directory:service-list",
        Perm.MANAGE_SERVICES,
    ),
    Section(
        "devices",
        _("Cyberbank: apparaten"),
        _("Apparaten innemen, wissen, opknappen en klaarzetten voor uitgifte."),
        "inventory:device-list",
        Perm.WORK_ON_DEVICES,
    ),
    Section(
        "donations",
        _("Cyberbank: donaties"),
        _("Aangemelde apparaten van organisaties en inwoners, brengen of ophalen."),
        "donations:list",
        Perm.RECEIVE_DEVICES,
    ),
    Section(
        "applications",
        _("Cyberbank: aanvragen"),
        _("Aanvragen van inwoners, wachtlijst, ophaalafspraken, uitgifte en statiegeld."),
        "applications:list",
        Perm.HANDLE_APPLICATIONS,
    ),
    Section(
        "distribution",
        _("Cyberbank: regels voor uitgifte"),
        _("Wie in aanmerking komt, voorrangsgroepen, statiegeld en capaciteit."),
        "applications:policy",
        Perm.CONFIGURE_DISTRIBUTION,
    ),
    Section(
        "stock",
        _("Cyberbank: voorraad en impact"),
        _("Apparaten per uitgiftepunt, en de e-waste en CO2 die hergebruik bespaart."),
        "inventory:stock",
        Perm.VIEW_CHAIN_FIGURES,
    ),
    Section(
        "impact",
        _("Cyberbank: impactcijfers"),
        _("Hoeveel e-waste en CO2 één hergebruikt apparaat bespaart, met de bron."),
        "inventory:impact-factors",
        Perm.CONFIGURE_IMPACT,
    ),
    Section(
        "messages",
        _("Brieven en telefoontjes"),
        _("Inwoners zonder e-mail of mobiel: brieven printen en mensen bellen."),
        "core:to-do",
        Perm.HANDLE_MESSAGES,
    ),
    Section(
        "helpdesk",
        _("Informatiepunt"),
        _("Bezoeken registreren, tevredenheid op papier invoeren en vaste vragen."),
        "helpdesk:register",
        Perm.REGISTER_HELP,
    ),
    Section(
        "figures",
        _("Informatiepunt: cijfers"),
        _("Bezoeken, vragen en tevredenheid per locatie en periode, jaarcijfers en signalen."),
        "helpdesk:figures",
        Perm.VIEW_HELP_FIGURES,
    ),
    Section(
        "buddies",
        _("Maatjes"),
        _("Vrijwilligers en hun VOG, aanvragen van inwoners, matches en ontmoetingen."),
        "learning:buddies",
        Perm.MANAGE_BUDDIES,
    ),
    Section(
        "courses",
        _("Cursussen"),
        _("Cursussen en groepen, aanmeldingen, wachtlijst, aanwezigheid en certificaten."),
        "learning:programme-list",
        Perm.MANAGE_COURSES,
    ),
    Section(
        "users",
        _("Gebruikers en rollen"),
        _("Accounts aanmaken, rollen geven en weer intrekken."),
        "accounts:user-list",
        Perm.MANAGE_USERS,
    ),
    Section(
        "audit",
        _("Auditlog"),
        _("Wie wat heeft gedaan en wanneer: inloggen, wijzigingen en rollen."),
        "core:audit-list",
        Perm.VIEW_AUDIT,
    ),
    Section(
        "settings",
        _("Huisstijl en instellingen"),
        _("Naam, logo en kleuren van de website."),
        "core:site-settings",
        Perm.CONFIGURE_SITE,
    ),
    Section(
        "account",
        _("Mijn account"),
        _("Wachtwoord en tweestapsverificatie."),
        "accounts:account",
        None,
    ),
]


def sections_for(user) -> list[Section]:
    return [s for s in SECTIONS if s.perm is None or has_perm(user, s.perm)]


def require_perm(*perms: Perm):
    """View decorator: log in first, then 403 unless the user holds one of `perms` somewhere.

    Object-level checks happen in the view through scoped querysets (404 outside scope).
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not any(has_perm(request.user, perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
