"""Each cyberbank has its own refurbishment tasks and trainee skills; the impact factors are the
municipality's. Another cyberbank's list answers 404, for every role that holds a right here."""

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.core.models import AuditEvent
from digiketen.inventory import codelists
from digiketen.inventory.models import (
    Device,
    ImpactFactor,
    RefurbishTask,
    Skill,
    TraineeSkill,
    WorkLog,
)
from digiketen.organisations import services as organisation_services
from digiketen.permissions import GRANTS, Perm, Scope
from digiketen.tests.factories import HubFactory, OrganisationFactory

URL = reverse("inventory:code-lists")


@pytest.fixture
def a(db):
    return HubFactory(organisation__name="Cyberbank A")


@pytest.fixture
def b(db):
    return HubFactory(organisation__name="Cyberbank B")


def form_data(formsets) -> dict:
    """What the browser posts back for the formsets of a page, unchanged."""
    data = {}
    for prefix, formset in formsets.items():
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{name}"] = management[name].value()
        for form in formset:
            for field in form:
                value = field.value()
                if value is None or value is False:
                    continue
                data[field.html_name] = "on" if value is True else value
    return data


def test_a_supervisor_changes_only_their_own_cyberbanks_list(client, a, b):
    supervisor = make_staff(Role.TECHNICIAN_SUPERVISOR, a.organisation)
    login_verified(client, supervisor)
    page = client.get(URL)
    assert page.context["organisation"] == a.organisation
    assert "Cyberbank A" in page.text
    data = form_data(page.context["formsets"])
    first = page.context["formsets"]["tasks"].forms[0].instance
    data["tasks-0-name"] = "Schoonmaken met isopropanol"
    new_task = len(page.context["formsets"]["tasks"].forms) - 2
    data |= {
        f"tasks-{new_task}-device_type": "laptop",
        f"tasks-{new_task}-name": "Scharnieren controleren",
        f"tasks-{new_task}-order": "3",
        f"tasks-{new_task}-is_active": "on",
    }
    response = client.post(f"{URL}?organisatie={a.organisation.pk}", data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["formsets"].values()
    ]
    ours = RefurbishTask.objects.filter(organisation=a.organisation)
    theirs = RefurbishTask.objects.filter(organisation=b.organisation)
    assert ours.get(pk=first.pk).name == "Schoonmaken met isopropanol"
    assert ours.filter(name="Scharnieren controleren").exists()
    assert not theirs.filter(name__in=["Scharnieren controleren", "Schoonmaken met isopropanol"])
    assert theirs.filter(name=first.name, device_type=first.device_type).exists()
    # The event belongs to cyberbank A, so A's own administrator sees it in the audit log.
    event = AuditEvent.objects.get(action="inventory.code_list_changed")
    assert event.organisation == a.organisation
    admin = make_staff(Role.ORGANISATION_ADMIN, a.organisation)
    login_verified(client, admin)
    assert "Takenlijst of vaardigheden gewijzigd" in client.get(reverse("core:audit-list")).text


# Every role held at cyberbank A, against cyberbank B's list: a supervisor gets 404 (B's list
# is outside their scope), a role without the right anywhere 403, and B's list never changes.
@pytest.mark.parametrize("role", sorted(Role), ids=str)
def test_another_cyberbanks_list_is_404_to_view_and_to_edit(client, a, b, role):
    user = make_staff(role, a.organisation)
    login_verified(client, user)
    theirs = RefurbishTask.objects.filter(organisation=b.organisation).order_by("pk").first()
    their_skill = Skill.objects.filter(organisation=b.organisation).first()
    grant = GRANTS[role].get(Perm.SUPERVISE_DEVICES)
    everywhere = grant == Scope.ALL
    expected = {None: 403, Scope.OWN: 404, Scope.ALL: 200}[grant]

    view = client.get(f"{URL}?organisatie={b.organisation.pk}")
    assert view.status_code == expected

    # Edit B's task by its own page, and by smuggling its id into the form of A's page.
    own_page = client.get(f"{URL}?organisatie={a.organisation.pk}")
    if own_page.status_code == 200:
        data = form_data(own_page.context["formsets"])
        data["tasks-0-id"] = str(theirs.pk)
        data["tasks-0-name"] = "Gekaapt"
        data["skills-0-id"] = str(their_skill.pk)
        data["skills-0-name"] = "Gekaapt"
        smuggled = client.post(f"{URL}?organisatie={a.organisation.pk}", data)
        assert smuggled.status_code == 404
    edit = client.post(
        f"{URL}?organisatie={b.organisation.pk}",
        {
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "1",
            "tasks-0-id": str(theirs.pk),
            "tasks-0-device_type": theirs.device_type,
            "tasks-0-name": "Gekaapt",
            "tasks-0-order": "0",
            "skills-TOTAL_FORMS": "0",
            "skills-INITIAL_FORMS": "0",
        },
    )
    assert edit.status_code == (302 if everywhere else expected)
    if not everywhere:
        theirs.refresh_from_db()
        their_skill.refresh_from_db()
        assert theirs.name != "Gekaapt" and their_skill.name != "Gekaapt"
        assert not AuditEvent.objects.filter(action="inventory.code_list_changed").exists()


@pytest.mark.parametrize("value", ["abc", "1e3", "٣", "99999999999999999999", "-1", " 1"])
def test_an_odd_organisation_parameter_is_404(client, a, value):
    login_verified(client, make_staff(Role.TECHNICIAN_SUPERVISOR, a.organisation))
    assert client.get(URL, {"organisatie": value}).status_code == 404


def test_a_double_name_in_the_own_list_is_an_error_but_another_cyberbanks_name_is_fine(
    client, a, b
):
    login_verified(client, make_staff(Role.TECHNICIAN_SUPERVISOR, a.organisation))
    page = client.get(URL)
    data = form_data(page.context["formsets"])
    new_skill = len(page.context["formsets"]["skills"].forms) - 2
    data[f"skills-{new_skill}-name"] = codelists.SKILLS[0]
    data[f"skills-{new_skill}-order"] = "9"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Deze vaardigheid staat al in de lijst." in response.text
    assert Skill.objects.filter(organisation=a.organisation, name=codelists.SKILLS[0]).count() == 1

    Skill.objects.filter(organisation=b.organisation, name=codelists.SKILLS[0]).delete()
    data[f"skills-{new_skill}-name"] = "Een printer aansluiten"
    assert client.post(URL, data).status_code == 302
    assert not Skill.objects.filter(organisation=b.organisation, name="Een printer aansluiten")


def test_a_supervisor_of_two_cyberbanks_chooses_which_list(client, a, b):
    supervisor = make_staff(Role.TECHNICIAN_SUPERVISOR, a.organisation)
    supervisor.memberships.create(organisation=b.organisation, role=Role.TECHNICIAN_SUPERVISOR)
    login_verified(client, supervisor)
    page = client.get(f"{URL}?organisatie={b.organisation.pk}")
    assert page.context["organisation"] == b.organisation
    assert f'href="?organisatie={a.organisation.pk}"' in page.text
    assert f'action="?organisatie={b.organisation.pk}"' in page.text


def test_checklist_skills_and_work_log_read_the_devices_own_cyberbank(client, a, b):
    RefurbishTask.objects.filter(organisation=b.organisation, name="Toetsenbord testen").update(
        name="Toetsen van B testen"
    )
    Skill.objects.create(organisation=b.organisation, name="Alleen bij B")
    trainee = make_staff(Role.TECHNICIAN_TRAINEE, a.organisation)
    supervisor = make_staff(Role.TECHNICIAN_SUPERVISOR, a.organisation)
    device = Device.objects.create(
        asset_tag="DK-000001",
        organisation=a.organisation,
        hub=a,
        type="laptop",
        state="refurbishing",
    )
    login_verified(client, supervisor)
    page = client.get(device.get_absolute_url()).text
    assert "Toetsenbord testen" in page
    assert "Toetsen van B testen" not in page

    their_task = RefurbishTask.objects.get(
        organisation=b.organisation, device_type="laptop", name="Schoonmaken"
    )
    client.post(
        reverse("inventory:work-log-create", args=[device.pk]),
        {"task": their_task.pk, "minutes": 10},
    )
    assert not WorkLog.objects.exists()

    trainee_page = client.get(reverse("inventory:trainee-detail", args=[trainee.pk])).text
    assert codelists.SKILLS[0] in trainee_page
    assert "Alleen bij B" not in trainee_page
    their_skill = Skill.objects.get(organisation=b.organisation, name="Alleen bij B")
    response = client.post(reverse("inventory:skill-sign-off", args=[trainee.pk, their_skill.pk]))
    assert response.status_code == 404
    assert not TraineeSkill.objects.exists()


def test_a_new_cyberbank_gets_its_own_copy_of_the_defaults_and_others_none(db):
    admin = make_staff(Role.SYSTEM_ADMIN)
    cyberbank = organisation_services.create_organisation(
        actor=admin, data={"name": "Cyberbank Heerlen", "type": "refurbisher"}
    )
    library = organisation_services.create_organisation(
        actor=admin, data={"name": "Bibliotheek Heerlen", "type": "library"}
    )
    laptop_tasks = RefurbishTask.objects.filter(organisation=cyberbank, device_type="laptop")
    assert list(laptop_tasks.values_list("name", flat=True)) == codelists.TASKS["laptop"]
    assert Skill.objects.filter(organisation=cyberbank).count() == len(codelists.SKILLS)
    assert not RefurbishTask.objects.filter(organisation=library).exists()
    # A partner that starts refurbishing gets the lists too; doing it again adds nothing.
    organisation_services.update_organisation(
        actor=admin, organisation=library, data={"type": "refurbisher"}
    )
    organisation_services.update_organisation(
        actor=admin, organisation=library, data={"type": "library"}
    )
    organisation_services.update_organisation(
        actor=admin, organisation=library, data={"type": "refurbisher"}
    )
    assert Skill.objects.filter(organisation=library).count() == len(codelists.SKILLS)


def test_impact_factors_are_municipal_and_changed_by_the_coordinator(client, a):
    codelists.load_impact(ImpactFactor)
    url = reverse("inventory:impact-factors")
    login_verified(client, make_staff(Role.TECHNICIAN_SUPERVISOR, a.organisation))
    assert client.get(url).status_code == 403
    assert "Impactcijfers aanpassen" not in client.get(reverse("inventory:stock")).text

    municipality = OrganisationFactory(name="Gemeente Maastricht", type="municipality")
    login_verified(client, make_staff(Role.COORDINATOR, municipality))
    page = client.get(url)
    data = form_data({"impact": page.context["formset"]})
    row = next(
        i for i, f in enumerate(page.context["formset"]) if f.instance.device_type == "laptop"
    )
    data[f"impact-{row}-co2_kg"] = "180.0"
    data[f"impact-{row}-source"] = "Eigen MKBA gemeente, 2026"
    assert client.post(url, data).status_code == 302
    assert str(ImpactFactor.objects.get(device_type="laptop").co2_kg) == "180.0"
    event = AuditEvent.objects.get(action="inventory.impact_factors_changed")
    assert event.organisation == municipality
    assert event.after["laptop"] == ["2.00", "180.0", "Eigen MKBA gemeente, 2026"]

    login_verified(client, make_staff(Role.HUB_STAFF, a.organisation))
    assert "Eigen MKBA gemeente, 2026" in client.get(reverse("inventory:stock")).text


def test_the_code_lists_page_stays_flat(client, a, django_assert_max_num_queries):
    login_verified(client, make_staff(Role.TECHNICIAN_SUPERVISOR, a.organisation))
    for number in range(30):
        RefurbishTask.objects.create(organisation=a.organisation, device_type="phone", name=number)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
