from django.db import migrations


def reminders_into_outbox(apps, schema_editor):
    """A reminder sent before the outbox existed is written down there, so the next daily
    run does not send it a second time."""
    Appointment = apps.get_model("helpdesk", "Appointment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Message = apps.get_model("core", "Message")
    appointment_type, _ = ContentType.objects.get_or_create(
        app_label="helpdesk", model="appointment"
    )
    reminded = Appointment.objects.filter(
        reminder_sent_at__isnull=False, forgotten_at__isnull=True
    ).select_related("slot__location")
    Message.objects.bulk_create(
        Message(
            organisation_id=appointment.slot.location.organisation_id,
            about_type=appointment_type,
            about_id=appointment.pk,
            kind="helpdesk.reminder",
            channel=appointment.confirm_by,
            subject="Uw afspraak bij het informatiepunt",
            delivery="sent",
            sent_at=appointment.reminder_sent_at,
            attempts=1,
        )
        for appointment in reminded
    )


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0006_helper_latest_index"),
        ("core", "0008_outbox_messages"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(reminders_into_outbox, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="appointment", name="reminder_sent_at"),
    ]
