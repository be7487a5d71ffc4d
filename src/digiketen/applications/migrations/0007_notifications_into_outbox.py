"""The applications' own outbox (Notification) moves into core's one outbox (core.Message).
Each message keeps its number, so old links to a letter still work, and its dates."""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations
from django.urls import reverse

WITH_INVITATION = {"invited", "missed"}


def _recipient(application, channel: str) -> str:
    if channel == "email":
        return application.email
    if channel == "letter":
        return (
            f"{application.street} {application.house_number}\n"
            f"{application.postcode} {application.city}"
        )
    return application.phone


def _sender(application) -> str:
    hub = application.hub
    parts = (
        f"{application.organisation.name} — {hub.name}",
        f"{hub.street} {hub.house_number}".strip(),
        f"{hub.postcode} {hub.city}".strip(),
        hub.phone,
    )
    return ", ".join(part for part in parts if part)[:300]


def _link(application, kind: str) -> str:
    if not application.invitation_token or kind not in WITH_INVITATION:
        return ""
    return settings.SITE_URL + reverse("applications:invitation", args=[application.invitation_token])


def notifications_into_outbox(apps, schema_editor):
    Notification = apps.get_model("applications", "Notification")
    Message = apps.get_model("core", "Message")
    ContentType = apps.get_model("contenttypes", "ContentType")
    application_type, _ = ContentType.objects.get_or_create(
        app_label="applications", model="application"
    )
    rows = Notification.objects.select_related(
        "application__organisation", "application__hub"
    ).order_by("pk")
    batch = []
    for notification in rows.iterator(chunk_size=500):
        application = notification.application
        anonymous = application.anonymised_at is not None
        batch.append(
            Message(
                pk=notification.pk,
                organisation_id=application.organisation_id,
                about_type=application_type,
                about_id=application.pk,
                kind=notification.kind,
                channel=notification.channel,
                recipient="" if anonymous else _recipient(application, notification.channel),
                recipient_name="" if anonymous else f"{application.first_name} {application.last_name}".strip(),
                sender=_sender(application),
                language=application.language,
                subject=notification.subject,
                body=notification.body,
                link="" if anonymous else _link(application, notification.kind),
                delivery=notification.delivery,
                attempts=notification.attempts,
                last_error=notification.last_error,
                next_attempt_at=notification.next_attempt_at,
                sent_at=notification.sent_at,
                done_by_id=notification.done_by_id,
            )
        )
    Message.objects.bulk_create(batch, batch_size=500)
    # created_at is set on insert (auto_now_add): give each message its own date back.
    dates = Notification.objects.values_list("pk", "created_at")
    for pk, created_at in dates.iterator(chunk_size=500):
        Message.objects.filter(pk=pk).update(created_at=created_at)
    # Numbers were given by hand: PostgreSQL's sequence must continue after the highest.
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Message]):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_application_transition"),
        ("core", "0008_outbox_messages"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    # Before the help point writes its reminders into the outbox, so the numbers are free.
    run_before = [("helpdesk", "0007_appointment_reminder_in_outbox")]

    operations = [
        migrations.RunPython(notifications_into_outbox, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
