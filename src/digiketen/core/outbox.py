"""The one way to send a message to a person, for every domain.

A message is written down (`send`) inside the transaction of the change it tells about, so it
exists exactly when the change does. E-mail and SMS leave through the task worker once that
transaction commits: a worker claims the message with a row lock and a lease, sends it outside
any lock, and records the outcome; a failure is tried again with back-off, up to MAX_ATTEMPTS,
then the message stays visible as failed. Letters and phone calls become to-do items for the
staff of the message's organisation. Every move of a message follows TRANSITIONS.
See docs/decisions/0016-one-outbox-for-every-message.md.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from django.core.mail import EmailMessage
from django.db import models, transaction
from django.tasks import default_task_backend, task
from django.utils import timezone, translation

from digiketen import permissions
from digiketen.core import audit, ratelimit, sms
from digiketen.core.errors import IllegalTransition
from digiketen.core.models import Channel, Delivery, Message
from digiketen.core.selectors import messages_about
from digiketen.permissions import Perm

MAX_ATTEMPTS = 5
# While one worker sends a message, other workers leave it alone for this long; a worker that
# dies mid-send gives the message back when the lease runs out.
LEASE = timedelta(minutes=10)
# Per recipient and channel, whichever domain sends: no resident needs more in a day, and a cap
# keeps a misuse of a public form (password reset, donation, application) cheap. E-mail is
# cheap to send but not to receive: 20 leaves room for staff who get several notices a day.
DAILY_CAP = {Channel.SMS: 5, Channel.EMAIL: 20}
BY_WORKER = frozenset({Channel.EMAIL, Channel.SMS})
BY_STAFF = frozenset({Channel.LETTER, Channel.PHONE})


class Event(StrEnum):
    CLAIMED = "claimed"  # a worker took the lease
    SENT = "sent"
    SEND_FAILED = "send_failed"  # try again after the back-off
    GAVE_UP = "gave_up"  # MAX_ATTEMPTS reached
    CAPPED = "capped"  # the recipient's daily cap for the channel is used up
    DONE = "done"  # staff posted the letter or made the call
    CANCELLED = "cancelled"  # no longer to be sent (the subject was forgotten)


# The one table of delivery states: (state, event) -> next state. Anything else is refused.
TRANSITIONS: dict[tuple[Delivery, Event], Delivery] = {
    (Delivery.PENDING, Event.CLAIMED): Delivery.PENDING,
    (Delivery.PENDING, Event.SENT): Delivery.SENT,
    (Delivery.PENDING, Event.SEND_FAILED): Delivery.PENDING,
    (Delivery.PENDING, Event.GAVE_UP): Delivery.FAILED,
    (Delivery.PENDING, Event.CAPPED): Delivery.FAILED,
    (Delivery.PENDING, Event.CANCELLED): Delivery.CANCELLED,
    (Delivery.TO_DO, Event.DONE): Delivery.DONE,
    (Delivery.TO_DO, Event.CANCELLED): Delivery.CANCELLED,
}


def next_state(state: str, event: Event) -> Delivery:
    """The state after `event`; raise IllegalTransition when the table has no such move."""
    try:
        return TRANSITIONS[(Delivery(state), event)]
    except KeyError:
        raise IllegalTransition(f"{state} -> {event}") from None


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=5 * 3 ** (attempts - 1))  # 5, 15, 45, 135 minutes


def send(
    *,
    channel: str,
    to: str,
    subject: str,
    body: str,
    kind: str,
    about: models.Model | None = None,
    organisation=None,
    language: str = "",
    recipient_name: str = "",
    sender: str = "",
    attachments: Sequence[Sequence[str]] = (),
    link: str = "",
) -> Message:
    """Write one message down now; e-mail and SMS leave once the caller's change commits.

    `to` is an e-mail address, a mobile number, or for a letter the postal address (lines).
    `about` is the object the message tells about; `organisation` (by default the one `about`
    belongs to) owns the letters and calls on its staff's to-do list. `attachments` are
    (file name, text, content type), for e-mail. `link` is printed as a QR code on a letter.
    """
    channel = Channel(channel)
    if organisation is None and about is not None:
        organisation = getattr(about, "audit_organisation", None)
    message = Message.objects.create(
        organisation=organisation,
        about=about,
        kind=kind,
        channel=channel,
        recipient=_normalised(channel, to),
        recipient_name=recipient_name[:200],
        sender=sender[:300],
        language=language or translation.get_language() or "nl",
        subject=str(subject)[:200],
        body=str(body),
        attachments=[list(attachment) for attachment in attachments],
        link=link,
        delivery=Delivery.PENDING if channel in BY_WORKER else Delivery.TO_DO,
    )
    if channel in BY_WORKER:
        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message


def _normalised(channel: Channel, to: str) -> str:
    """One spelling per recipient, so that the daily cap counts every domain's messages."""
    to = (to or "").strip()
    if channel == Channel.EMAIL:
        return to.lower()
    if channel == Channel.SMS:
        try:
            return sms.international_number(to)
        except sms.SMSError:
            return to  # delivery fails and says why; the record keeps what was given
    return to


@task
def deliver_message(message_id: int) -> None:
    deliver(message_id)


def deliver(message_id: int, *, now: datetime | None = None) -> None:
    """Send one e-mail or SMS, once, however many workers are handed it.

    The message is claimed in a short transaction (row lock, lease) and sent outside it, so a
    slow gateway holds no lock. A failure is recorded and tried again after a back-off."""
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.delivery != Delivery.PENDING or (
            message.next_attempt_at and message.next_attempt_at > now
        ):
            return  # sent, failed, cancelled, being sent by another worker, or not due yet
        next_state(message.delivery, Event.CLAIMED)
        message.attempts += 1
        message.next_attempt_at = now + LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
    if message.attempts == 1 and not _within_cap(message):
        _move(
            message.pk,
            Event.CAPPED,
            last_error=f"Daily limit reached: at most {DAILY_CAP[message.channel]} "
            f"{message.get_channel_display()} to this recipient today.",
            next_attempt_at=None,
        )
        return
    try:
        _send(message)
    except (OSError, sms.SMSError) as exc:  # smtplib's errors are OSErrors
        _failed(message, str(exc), now)
        return
    _move(message.pk, Event.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error="")


def _within_cap(message: Message) -> bool:
    """Count the message against its recipient's daily cap (once, not on each retry)."""
    return within_daily_cap(message.channel, message.recipient)


def within_daily_cap(channel: str, recipient: str) -> bool:
    """Count one message to `recipient` (normalised) against its channel's daily cap; False
    when the cap was used up. Also for the one mail that bypasses the outbox (password links,
    see accounts.password_mail)."""
    cap = DAILY_CAP.get(channel)
    if cap is None:
        return True
    return ratelimit.hit(f"outbox-{channel}", recipient, limit=cap, window=timedelta(days=1))


def _send(message: Message) -> None:
    if message.channel == Channel.EMAIL:
        email = EmailMessage(subject=message.subject, body=message.body, to=[message.recipient])
        for name, content, content_type in message.attachments:
            email.attach(name, content, content_type)
        email.send()
    else:
        sms.send_sms(to=message.recipient, body=message.body)


def _failed(message: Message, error: str, now: datetime) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        _move(message.pk, Event.GAVE_UP, last_error=error[:300], next_attempt_at=None)
        return
    retry_at = now + backoff(message.attempts)
    moved = _move(message.pk, Event.SEND_FAILED, last_error=error[:300], next_attempt_at=retry_at)
    if moved and default_task_backend.supports_defer:
        deliver_message.using(run_after=retry_at).enqueue(message.pk)


def _move(message_id: int, event: Event, **fields) -> bool:
    """Apply `event` to a message the worker claimed. False when the message left the pending
    state meanwhile (forgotten while being sent): that outcome stands."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.delivery != Delivery.PENDING:
            return False
        Message.objects.filter(pk=message_id).update(
            delivery=next_state(message.delivery, event), **fields
        )
    return True


def retry_due(*, now: datetime | None = None) -> int:
    """Hand the worker again the messages whose retry time has come, and those whose task got
    lost (never claimed within a lease). Harmless twice: delivery checks the state first."""
    now = now or timezone.now()
    due = list(
        Message.objects.filter(delivery=Delivery.PENDING)
        .filter(
            models.Q(next_attempt_at__lte=now)
            | models.Q(next_attempt_at__isnull=True, created_at__lte=now - LEASE)
        )
        .values_list("pk", flat=True)
    )
    for pk in due:
        deliver_message.enqueue(pk)
    return len(due)


@transaction.atomic
def mark_done(*, actor, message_id: int) -> Message:
    """Staff posted the letter or made the call. A message outside the actor's organisations
    is not found (Message.DoesNotExist); one already done raises IllegalTransition."""
    message = Message.objects.select_for_update().get(pk=message_id)
    if not permissions.has_perm(actor, Perm.HANDLE_MESSAGES, message):
        raise Message.DoesNotExist
    before = message.delivery
    message.delivery = next_state(message.delivery, Event.DONE)
    message.done_by = actor
    message.sent_at = timezone.now()
    message.save(update_fields=["delivery", "done_by", "sent_at"])
    audit.record(
        "message.done",
        actor=actor,
        subject=message,
        before={"delivery": before},
        after={"delivery": message.delivery},
    )
    return message


def open_letter(*, actor, message_id: int) -> Message:
    """The letter to print; reading it is recorded, as it shows a resident's address. A letter
    outside the actor's organisations is not found (Message.DoesNotExist)."""
    message = Message.objects.select_related("organisation").get(
        pk=message_id, channel=Channel.LETTER
    )
    if not permissions.has_perm(actor, Perm.HANDLE_MESSAGES, message):
        raise Message.DoesNotExist
    audit.record("message.letter_viewed", actor=actor, subject=message)
    return message


def forget(about: models.Model | models.QuerySet) -> int:
    """Blank the personal data of every message about `about` (an object or a queryset):
    address, body, attachments, link; cancel those not yet sent. For a domain's anonymisation;
    returns the number of messages."""
    messages = messages_about(about)
    cancellable = [state for (state, event) in TRANSITIONS if event == Event.CANCELLED]
    messages.filter(delivery__in=cancellable).update(
        delivery=next_state(cancellable[0], Event.CANCELLED), next_attempt_at=None
    )
    return messages.update(
        recipient="", recipient_name="", body="", attachments=[], link="", last_error=""
    )
