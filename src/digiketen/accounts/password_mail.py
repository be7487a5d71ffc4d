"""The e-mail with a link to choose a password (a reset, or the invitation of a new account).

The link is a credential: whoever holds it sets the password. So it exists only in the mail
itself. The web request queues a task with nothing but the typed address and the language;
the task looks the account up and builds the link; neither its arguments nor its result hold
a link or token. For the same reason this mail does not go through the outbox (which keeps
every body), but it keeps the outbox's promises: the recipient's daily e-mail cap counts it,
and a failed send is tried again later, with a fresh link built then.
See docs/decisions/0019-password-links-are-never-stored.md.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import default_task_backend, task
from django.template import loader
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from digiketen.accounts.models import User
from digiketen.core import links, outbox
from digiketen.core.models import Channel

MAX_ATTEMPTS = 3
RESET = "reset"
INVITATION = "invitation"
TEMPLATES = {
    RESET: ("accounts/email/password_reset_subject.txt", "accounts/email/password_reset.txt"),
    INVITATION: ("accounts/email/invitation_subject.txt", "accounts/email/invitation.txt"),
}


def queue(*, email: str, kind: str = RESET) -> None:
    """Queue the mail for `email` once the caller's change commits. The same work for a known
    and an unknown address: only the task finds out which it is."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    email = email.strip().lower()
    transaction.on_commit(lambda: send_password_mail.enqueue(email, language, kind))


@task
def send_password_mail(email: str, language: str, kind: str, attempt: int = 1) -> None:
    """Send a fresh link to the active account with this e-mail address (none: nothing)."""
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or (attempt == 1 and not outbox.within_daily_cap(Channel.EMAIL, email)):
        return
    with translation.override(language):
        message = _mail(user, kind)
    try:
        message.send()
    except OSError:  # smtplib's errors are OSErrors
        if attempt >= MAX_ATTEMPTS or not default_task_backend.supports_defer:
            raise  # the task fails; the resident asks again
        retry_at = timezone.now() + outbox.backoff(attempt)
        send_password_mail.using(run_after=retry_at).enqueue(email, language, kind, attempt + 1)


def _mail(user: User, kind: str) -> EmailMessage:
    from digiketen.core.models import SiteConfiguration

    scheme, host = links.site_parts()
    subject_template, body_template = TEMPLATES[kind]
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": scheme,
        "domain": host,
        "site_name": SiteConfiguration.load().site_name,
    }
    subject = "".join(loader.render_to_string(subject_template, context).splitlines())
    body = loader.render_to_string(body_template, context)
    return EmailMessage(subject=subject, body=body, to=[user.email])
