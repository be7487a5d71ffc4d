"""Tasks and skills get an owner: step 2 of 3. Every cyberbank gets its own copy of the shared
list as it stands (so an edited list stays as edited), work logs and signed-off skills move to
the copy of their own cyberbank, and the shared rows go."""

from django.db import migrations


def _trainee_organisation(membership_model, trainee_skill, fallback):
    """The cyberbank a signed-off skill belongs to: the trainee's, else the supervisor's."""
    for user_id, role in (
        (trainee_skill.trainee_id, "technician_trainee"),
        (trainee_skill.signed_off_by_id, "technician_supervisor"),
        (trainee_skill.trainee_id, None),
    ):
        memberships = membership_model.objects.filter(user_id=user_id)
        if role:
            memberships = memberships.filter(role=role)
        first = memberships.order_by("organisation_id").values_list("organisation_id", flat=True)
        if first:
            return first[0]
    return fallback


def copy_per_cyberbank(apps, schema_editor):
    organisation_model = apps.get_model("organisations", "Organisation")
    membership_model = apps.get_model("accounts", "Membership")
    task_model = apps.get_model("inventory", "RefurbishTask")
    skill_model = apps.get_model("inventory", "Skill")
    work_log_model = apps.get_model("inventory", "WorkLog")
    trainee_skill_model = apps.get_model("inventory", "TraineeSkill")

    shared_tasks = list(task_model.objects.filter(organisation__isnull=True))
    shared_skills = list(skill_model.objects.filter(organisation__isnull=True))
    owners = set(
        organisation_model.objects.filter(type="refurbisher").values_list("pk", flat=True)
    )
    owners |= set(
        work_log_model.objects.filter(task__organisation__isnull=True).values_list(
            "device__organisation_id", flat=True
        )
    )
    fallback = min(owners) if owners else None
    skill_owner = {
        signed.pk: _trainee_organisation(membership_model, signed, fallback)
        for signed in trainee_skill_model.objects.filter(skill__organisation__isnull=True)
    }
    owners |= {owner for owner in skill_owner.values() if owner is not None}

    for owner in sorted(owners):
        for task in shared_tasks:
            copy = task_model.objects.create(
                organisation_id=owner,
                device_type=task.device_type,
                name=task.name,
                order=task.order,
                is_active=task.is_active,
            )
            work_log_model.objects.filter(task_id=task.pk, device__organisation_id=owner).update(
                task_id=copy.pk
            )
        for skill in shared_skills:
            copy = skill_model.objects.create(organisation_id=owner, name=skill.name, order=skill.order)
            trainee_skill_model.objects.filter(
                skill_id=skill.pk,
                pk__in=[pk for pk, signed_owner in skill_owner.items() if signed_owner == owner],
            ).update(skill_id=copy.pk)
    task_model.objects.filter(organisation__isnull=True).delete()
    skill_model.objects.filter(organisation__isnull=True).delete()


def back_to_one_list(apps, schema_editor):
    """Undo: keep the oldest row per name as the shared one; the others point to it."""
    task_model = apps.get_model("inventory", "RefurbishTask")
    skill_model = apps.get_model("inventory", "Skill")
    work_log_model = apps.get_model("inventory", "WorkLog")
    trainee_skill_model = apps.get_model("inventory", "TraineeSkill")
    kept: dict = {}
    for task in task_model.objects.order_by("pk"):
        keeper = kept.setdefault((task.device_type, task.name), task)
        if keeper.pk != task.pk:
            work_log_model.objects.filter(task_id=task.pk).update(task_id=keeper.pk)
            task.delete()
    task_model.objects.update(organisation=None)
    kept = {}
    for skill in skill_model.objects.order_by("pk"):
        keeper = kept.setdefault(skill.name, skill)
        if keeper.pk != skill.pk:
            for signed in trainee_skill_model.objects.filter(skill_id=skill.pk):
                if trainee_skill_model.objects.filter(
                    trainee_id=signed.trainee_id, skill_id=keeper.pk
                ).exists():
                    signed.delete()
                else:
                    signed.skill_id = keeper.pk
                    signed.save(update_fields=["skill"])
            skill.delete()
    skill_model.objects.update(organisation=None)


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0010_per_cyberbank_code_lists"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_per_cyberbank, back_to_one_list)]
