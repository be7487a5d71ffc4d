from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_email(
    *, subject: str, body: str, to: list[str], attachments: list[list[str]] | None = None
) -> None:
    """Send one e-mail; `attachments` are [file name, text, content type] (JSON-safe)."""
    message = EmailMessage(subject=subject, body=body, to=to)
    for name, content, content_type in attachments or []:
        message.attach(name, content, content_type)
    message.send()


@task
def send_text(*, to: str, body: str) -> None:
    """Send one SMS through settings.SMS_BACKEND; a failure is kept as a failed task result."""
    from digiketen.core import sms

    sms.send_sms(to=to, body=body)
