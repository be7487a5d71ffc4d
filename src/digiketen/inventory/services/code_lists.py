"""The cyberbank's own lists (refurbishment tasks, trainee skills) and the municipality's
impact factors. See docs/decisions/0021."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from digiketen import permissions
from digiketen.core import audit
from digiketen.inventory import codelists
from digiketen.inventory.models import ImpactFactor, RefurbishTask, Skill
from digiketen.organisations.models import Organisation, OrganisationType
from digiketen.permissions import Perm


@transaction.atomic
def start_code_lists(organisation: Organisation) -> None:
    """Give a cyberbank its own copy of the default tasks and skills (missing ones only, so a
    second call changes nothing). Other kinds of organisation have no workshop."""
    if organisation.type == OrganisationType.REFURBISHER:
        codelists.load(RefurbishTask, Skill, organisation=organisation)


@transaction.atomic
def save_code_lists(*, actor, organisation: Organisation, formsets: dict) -> None:
    """Save `organisation`'s checklist and skills, with an audit event per changed list that
    the organisation itself can read. Refuses a supervisor of another organisation, and an
    item that belongs to another organisation."""
    if not permissions.has_perm(actor, Perm.SUPERVISE_DEVICES, organisation):
        raise PermissionDenied
    for name, formset in formsets.items():
        if not formset.has_changed():
            continue
        items = formset.save(commit=False)
        for item in items:
            if item.organisation_id != organisation.pk:
                raise PermissionDenied
            item.save()
        audit.record(
            "inventory.code_list_changed",
            actor=actor,
            organisation=organisation,
            after={"list": name, "changed": [str(item) for item in items]},
        )


@transaction.atomic
def save_impact_factors(*, actor, formset) -> None:
    """Save the municipality's impact factors (coordinator). The event belongs to the
    municipality: the figures of every cyberbank use these factors."""
    if not permissions.has_perm(actor, Perm.CONFIGURE_IMPACT):
        raise PermissionDenied
    if not formset.has_changed():
        return
    # From the database: validating the forms already changed the formset's own instances.
    before = {
        factor.device_type: [str(factor.ewaste_kg), str(factor.co2_kg), factor.source]
        for factor in ImpactFactor.objects.all()
    }
    saved = formset.save()
    audit.record(
        "inventory.impact_factors_changed",
        actor=actor,
        organisation=Organisation.objects.filter(type=OrganisationType.MUNICIPALITY)
        .order_by("pk")
        .first(),
        before={f.device_type: before.get(f.device_type) for f in saved},
        after={f.device_type: [str(f.ewaste_kg), str(f.co2_kg), f.source] for f in saved},
    )
