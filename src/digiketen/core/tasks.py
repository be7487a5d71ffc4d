from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_email(
    *, subject: str, body: str, to: list[str], attachments: list[list[str]] | None = None
) -> None:
    """Send one e-mail; `attachments` are [file name, text, content type] (JSON-safe).
    Left for applications until it moves onto core.outbox; then this module goes."""
    message = EmailMessage(subject=subject, body=body, to=to)
    for name, content, content_type in attachments or []:
        message.attach(name, content, content_type)
    message.send()
