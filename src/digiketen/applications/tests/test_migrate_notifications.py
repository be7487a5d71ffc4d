"""The applications' old Notification rows move into core's outbox whole: same number (old
letter links keep working), same dates and states, addressed as the resident asked."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from digiketen.core.models import Message
from digiketen.tests.factories import ApplicationFactory

BEFORE = [("applications", "0006_application_transition")]


@pytest.mark.django_db(transaction=True)
def test_notifications_move_into_the_outbox_with_their_numbers_and_dates():
    from digiketen.applications.tests.conftest import handout_hub

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("applications", "Notification")
    # The applications table itself is the same before and after: today's factory fits it.
    letter_to = ApplicationFactory(
        hub=handout_hub(), contact_by="letter", street="Markt", house_number="1", city="M"
    )
    done = old.objects.create(
        application_id=letter_to.pk,
        kind="received",
        channel="letter",
        subject="Ontvangen",
        body="Wij hebben uw aanvraag.",
        delivery="to_do",
    )
    long_ago = timezone.now() - timedelta(days=40)
    old.objects.filter(pk=done.pk).update(created_at=long_ago)
    failed = old.objects.create(
        application_id=letter_to.pk,
        kind="waiting",
        channel="sms",
        subject="Wachtlijst",
        body="U staat op de wachtlijst.",
        delivery="failed",
        attempts=5,
        last_error="gateway down",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    letter = Message.objects.get(pk=done.pk)
    assert (letter.kind, letter.channel, letter.delivery, letter.about) == (
        "received",
        "letter",
        "to_do",
        letter_to,
    )
    assert letter.created_at == long_ago
    assert letter.recipient == f"Markt 1\n{letter_to.postcode} M"
    assert letter.organisation == letter_to.organisation
    text = Message.objects.get(pk=failed.pk)
    assert (text.delivery, text.attempts, text.last_error) == ("failed", 5, "gateway down")
    # New messages continue after the moved numbers.
    from digiketen.core import outbox

    new = outbox.send(channel="letter", to="x", subject="s", body="b", kind="t")
    assert new.pk > failed.pk
