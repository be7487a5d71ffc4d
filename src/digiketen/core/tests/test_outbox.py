"""The one outbox: states, lease, retries, daily caps across domains, forgetting."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.core import outbox, sms
from digiketen.core.models import Channel, Delivery, Message
from digiketen.core.outbox import Event, IllegalTransition
from digiketen.tests.factories import DonationFactory, OrganisationFactory

# Written from the delivery policy, not from outbox.TRANSITIONS: a message waits, is sent,
# tried again, given up on, held by the daily cap, or cancelled; staff finish letters and calls.
POLICY = {
    ("pending", "claimed"): "pending",
    ("pending", "sent"): "sent",
    ("pending", "send_failed"): "pending",
    ("pending", "gave_up"): "failed",
    ("pending", "capped"): "failed",
    ("pending", "cancelled"): "cancelled",
    ("to_do", "done"): "done",
    ("to_do", "cancelled"): "cancelled",
}


@pytest.mark.parametrize(("state", "event"), list(itertools.product(Delivery, Event)))
def test_only_policy_moves_are_allowed(state, event):
    if (state, event) in POLICY:
        assert outbox.next_state(state, event) == POLICY[(state, event)]
    else:
        with pytest.raises(IllegalTransition):
            outbox.next_state(state, event)


def text(to="0612345678", body="Hallo", **kwargs) -> Message:
    return outbox.send(
        channel=Channel.SMS, to=to, subject="s", body=body, kind="test.text", **kwargs
    )


def test_a_message_is_recorded_now_and_sent_after_commit(
    db, empty_sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = text(to="06 12 34 56 78")
        assert empty_sms_outbox == []  # nothing leaves before the change is committed
        assert Message.objects.get().delivery == Delivery.PENDING
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert (message.delivery, message.recipient, message.attempts) == ("sent", "+31612345678", 1)
    assert empty_sms_outbox == [("+31612345678", "Hallo")]


def test_a_rolled_back_change_sends_nothing(
    db, empty_sms_outbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        text()
        transaction.set_rollback(True)
    assert not Message.objects.exists()
    assert empty_sms_outbox == []


def test_two_workers_handed_one_message_send_it_once(db, monkeypatch):
    message = text()
    sent = []

    def gateway(*, to, body):
        # While the first worker talks to the gateway, outside any lock, a second worker on
        # another machine is handed the same message.
        outbox.deliver(message.pk)
        sent.append(to)

    monkeypatch.setattr(sms, "send_sms", gateway)
    outbox.deliver(message.pk)
    outbox.deliver(message.pk)  # and a third, after the first has finished
    assert sent == ["+31612345678"]
    message.refresh_from_db()
    assert (message.delivery, message.attempts) == ("sent", 1)


def test_a_worker_that_died_mid_send_gives_the_message_back_after_the_lease(db, empty_sms_outbox):
    message = text()
    Message.objects.filter(pk=message.pk).update(
        attempts=1,
        next_attempt_at=timezone.now() + outbox.LEASE,  # claimed, then the worker died
    )
    outbox.deliver(message.pk)
    assert empty_sms_outbox == []  # the lease still holds
    outbox.deliver(message.pk, now=timezone.now() + outbox.LEASE + timedelta(seconds=1))
    assert len(empty_sms_outbox) == 1
    message.refresh_from_db()
    assert (message.delivery, message.attempts) == ("sent", 2)


def test_a_failed_message_is_retried_with_back_off_then_failed_and_visible(db, monkeypatch):
    message = text()
    calls = []

    def broken(*, to, body):
        calls.append(to)
        raise sms.SMSError("gateway down")

    monkeypatch.setattr(sms, "send_sms", broken)
    start = timezone.now()
    outbox.deliver(message.pk, now=start)
    message.refresh_from_db()
    assert (message.delivery, message.attempts, message.last_error) == (
        "pending",
        1,
        "gateway down",
    )
    assert message.next_attempt_at == start + timedelta(minutes=5)
    outbox.deliver(message.pk, now=start + timedelta(minutes=4))  # not due yet
    assert len(calls) == 1
    waits = []
    at = start
    for _attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        message.refresh_from_db()
        waits.append(message.next_attempt_at - at)
        at = message.next_attempt_at
        outbox.deliver(message.pk, now=at)
    assert waits == [timedelta(minutes=m) for m in (5, 15, 45, 135)]
    message.refresh_from_db()
    assert (message.delivery, message.attempts, message.next_attempt_at) == ("failed", 5, None)
    assert len(calls) == outbox.MAX_ATTEMPTS
    outbox.deliver(message.pk, now=at + timedelta(days=1))  # failed stays failed
    assert len(calls) == outbox.MAX_ATTEMPTS


def test_retry_due_hands_over_due_retries_and_lost_tasks_only(db, empty_sms_outbox):
    now = timezone.now()
    due = text(body="due")
    later = text(body="later")
    lost = text(body="lost")
    fresh = text(body="fresh")
    Message.objects.filter(pk=due.pk).update(next_attempt_at=now - timedelta(minutes=1))
    Message.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(minutes=1))
    Message.objects.filter(pk=lost.pk).update(created_at=now - outbox.LEASE - timedelta(minutes=1))
    assert outbox.retry_due(now=now) == 2
    assert sorted(body for _to, body in empty_sms_outbox) == ["due", "lost"]
    fresh.refresh_from_db()
    assert fresh.delivery == Delivery.PENDING


def test_the_daily_email_cap_holds_across_domains(db, mailoutbox):
    donation = DonationFactory(email="Piet@Example.org")
    for n in range(outbox.DAILY_CAP[Channel.EMAIL]):
        outbox.deliver(
            outbox.send(
                channel=Channel.EMAIL, to="piet@example.org", subject=f"{n}", body="b", kind="t"
            ).pk
        )
    thanks = outbox.send(
        channel=Channel.EMAIL, to=donation.email, subject="Bedankt", body="b", kind="donations"
    )
    outbox.deliver(thanks.pk)
    thanks.refresh_from_db()
    assert len(mailoutbox) == outbox.DAILY_CAP[Channel.EMAIL]
    assert thanks.delivery == Delivery.FAILED and "Daily limit" in thanks.last_error


def test_email_carries_its_attachments(db, mailoutbox):
    message = outbox.send(
        channel=Channel.EMAIL,
        to="a@example.org",
        subject="Afspraak",
        body="Tot morgen",
        kind="t",
        attachments=[("afspraak.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )
    outbox.deliver(message.pk)
    [mail] = mailoutbox
    assert mail.attachments[0][:2] == ("afspraak.ics", "BEGIN:VCALENDAR")


def test_letters_and_calls_wait_for_staff_of_the_organisation(db, empty_sms_outbox):
    donation = DonationFactory()
    letter = outbox.send(
        channel=Channel.LETTER,
        to="Markt 1\n6211 CK Maastricht",
        subject="s",
        body="b",
        kind="t",
        about=donation,
    )
    assert (letter.delivery, letter.organisation) == ("to_do", donation.organisation)
    outbox.deliver(letter.pk)  # no worker touches a letter
    letter.refresh_from_db()
    assert (letter.delivery, letter.attempts) == ("to_do", 0)


def test_forgetting_blanks_the_personal_data_and_cancels_what_is_not_sent(db, empty_sms_outbox):
    donation, other = DonationFactory(), DonationFactory()
    sent = text(body="Uw code is 1234", about=donation)
    outbox.deliver(sent.pk)
    waiting = text(body="Nog niet weg", about=donation)
    letter = outbox.send(
        channel=Channel.LETTER,
        to="Markt 1",
        subject="s",
        body="b",
        kind="t",
        about=donation,
        link="https://example.org/geheim",
    )
    kept = text(body="Van een ander", about=other)
    assert outbox.forget(donation) == 3
    for message, state in ((sent, "sent"), (waiting, "cancelled"), (letter, "cancelled")):
        message.refresh_from_db()
        assert (message.delivery, message.recipient, message.body, message.link) == (
            state,
            "",
            "",
            "",
        )
    outbox.deliver(waiting.pk)
    assert len(empty_sms_outbox) == 1
    kept.refresh_from_db()
    assert kept.body == "Van een ander"


def test_a_message_belongs_to_the_organisation_of_what_it_is_about(db):
    donation = DonationFactory()
    explicit = OrganisationFactory()
    assert text(about=donation).organisation == donation.organisation
    assert text(about=donation, organisation=explicit).organisation == explicit
    assert text().organisation is None
