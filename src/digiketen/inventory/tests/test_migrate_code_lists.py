"""Migration 0011: the one shared task and skill list becomes a copy per cyberbank, as edited,
and the work already logged and the skills already signed off point to their own cyberbank's
copy."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("inventory", "0009_list_indexes")]


@pytest.mark.django_db(transaction=True)
def test_each_cyberbank_gets_the_shared_list_and_keeps_its_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation = old.get_model("organisations", "Organisation")
    neighbourhood = old.get_model("organisations", "Neighbourhood").objects.create(name="Wijk")
    user_model = old.get_model("accounts", "User")
    membership = old.get_model("accounts", "Membership")
    task_model = old.get_model("inventory", "RefurbishTask")
    skill_model = old.get_model("inventory", "Skill")
    task_model.objects.all().delete()
    skill_model.objects.all().delete()
    edited = task_model.objects.create(device_type="laptop", name="Eigen stap", order=1)
    skill = skill_model.objects.create(name="Solderen", order=0)

    banks = []
    for name in ("A", "B"):
        bank = organisation.objects.create(name=f"Cyberbank {name}", type="refurbisher")
        hub = old.get_model("organisations", "Location").objects.create(
            organisation=bank,
            name=f"Hub {name}",
            street="Markt",
            house_number="1",
            postcode="6211CN",
            city="Maastricht",
            neighbourhood=neighbourhood,
        )
        device = old.get_model("inventory", "Device").objects.create(
            asset_tag=f"DK-{name}", organisation=bank, hub=hub, type="laptop"
        )
        trainee = user_model.objects.create(
            username=f"leerling{name}", email=f"leerling{name}@example.org"
        )
        membership.objects.create(user=trainee, organisation=bank, role="technician_trainee")
        old.get_model("inventory", "WorkLog").objects.create(
            device=device, worker=trainee, task=edited, minutes=10
        )
        old.get_model("inventory", "TraineeSkill").objects.create(
            trainee=trainee, skill=skill, signed_off_by=trainee
        )
        banks.append((bank.pk, trainee.pk))
    library = organisation.objects.create(name="Bibliotheek", type="library")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from digiketen.inventory.models import RefurbishTask, Skill, TraineeSkill, WorkLog

    for bank, trainee in banks:
        own = RefurbishTask.objects.get(organisation_id=bank, name="Eigen stap")
        assert WorkLog.objects.get(worker_id=trainee).task == own
        signed = TraineeSkill.objects.get(trainee_id=trainee)
        assert (signed.skill.organisation_id, signed.skill.name) == (bank, "Solderen")
    assert RefurbishTask.objects.count() == 2
    assert Skill.objects.count() == 2
    assert not RefurbishTask.objects.filter(organisation_id=library.pk).exists()
