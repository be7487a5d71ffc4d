import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff, pdf_text
from digiketen.inventory import services
from digiketen.inventory.models import Device, RefurbishTask, Skill, TraineeSkill, WorkLog
from digiketen.inventory.services import IllegalTransition
from digiketen.tests.factories import LocationFactory, OrganisationFactory


@pytest.fixture
def hub(db):
    return LocationFactory(organisation=OrganisationFactory(name="Cyberbank", type="refurbisher"))


def device_in(hub, state="refurbishing"):
    return Device.objects.create(
        asset_tag=f"DK-{Device.objects.count():06d}",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state=state,
    )


def test_a_new_cyberbank_starts_with_its_own_checklist_and_skills(hub):
    tasks = RefurbishTask.objects.filter(organisation=hub.organisation)
    assert tasks.filter(device_type="laptop", name="Toetsenbord testen").exists()
    assert not tasks.filter(device_type="desktop", name="Accu testen").exists()
    assert Skill.objects.filter(organisation=hub.organisation).count() >= 5


def test_trainee_logs_work_and_the_checklist_shows_it(staff_client, hub):
    client, trainee = staff_client(Role.TECHNICIAN_TRAINEE, hub.organisation)
    device = device_in(hub)
    keyboard = RefurbishTask.objects.get(
        organisation=hub.organisation, device_type="laptop", name="Toetsenbord testen"
    )
    client.post(
        reverse("inventory:work-log-create", args=[device.pk]),
        {"task": keyboard.pk, "minutes": 25, "parts_used": "2 toetsen"},
    )
    log = WorkLog.objects.get()
    assert (log.worker, log.task, log.minutes) == (trainee, keyboard, 25)
    page = client.get(device.get_absolute_url())
    assert "✓</strong> Toetsenbord testen" in page.text
    assert "2 toetsen" in page.text


def test_work_only_while_refurbishing_and_with_sensible_minutes(hub):
    trainee = make_staff(Role.TECHNICIAN_TRAINEE, hub.organisation)
    with pytest.raises(IllegalTransition):
        services.log_work(
            actor=trainee, device_id=device_in(hub, "awaiting_erasure").pk, task=None, minutes=10
        )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.log_work(actor=trainee, device_id=device_in(hub).pk, task=None, minutes=0)


def test_supervisor_signs_off_skills_and_the_portfolio_shows_them(staff_client, hub, tmp_path):
    trainee = make_staff(
        Role.TECHNICIAN_TRAINEE, hub.organisation, first_name="Lars", last_name="Leerling"
    )
    services.log_work(
        actor=trainee,
        device_id=device_in(hub).pk,
        task=RefurbishTask.objects.get(
            organisation=hub.organisation, device_type="laptop", name="Schoonmaken"
        ),
        minutes=90,
    )
    client, supervisor = staff_client(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    skill = Skill.objects.get(
        organisation=hub.organisation, name="Een besturingssysteem installeren"
    )
    client.post(reverse("inventory:skill-sign-off", args=[trainee.pk, skill.pk]))
    assert TraineeSkill.objects.get(trainee=trainee).signed_off_by == supervisor
    page = client.get(reverse("inventory:trainee-detail", args=[trainee.pk]))
    assert "1.5" in page.text or "1,5" in page.text
    pdf = client.get(reverse("inventory:trainee-portfolio", args=[trainee.pk]))
    text = pdf_text(pdf.content)
    assert "Portfolio van Lars Leerling" in text
    assert "Een besturingssysteem installeren" in text
    assert "Schoonmaken: 1×" in text


def test_supervisor_of_another_cyberbank_cannot_see_or_sign_off(staff_client, hub):
    trainee = make_staff(Role.TECHNICIAN_TRAINEE, hub.organisation)
    client, outsider = staff_client(Role.TECHNICIAN_SUPERVISOR)
    assert client.get(reverse("inventory:trainee-detail", args=[trainee.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.sign_off_skill(
            actor=outsider,
            trainee=trainee,
            skill=Skill.objects.filter(organisation=hub.organisation).first(),
        )


def test_trainee_sees_only_their_own_profile(staff_client, hub):
    other = make_staff(Role.TECHNICIAN_TRAINEE, hub.organisation)
    client, me = staff_client(Role.TECHNICIAN_TRAINEE, hub.organisation)
    assert client.get(reverse("inventory:trainee-detail", args=[me.pk])).status_code == 200
    assert client.get(reverse("inventory:trainee-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("inventory:trainee-list")).status_code == 403
