"""The e-mail with a link to choose a password (a reset, or the invitation of a new account).

The link is a credential: whoever holds it sets the password. So it exists only in the mail
itself. The web request queues a task with nothing but the typed address and the language;
the task looks the account up and builds the link; neither its arguments nor its result hold
a link or token. For the same reason this mail does not go through the outbox (which keeps
every body): it has no retries, and a resident whose mail got lost asks again.
See docs/decisions/0019-password-links-are-never-stored.md.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from digiketen.accounts.models import User

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
def send_password_mail(email: str, language: str, kind: str) -> None:
    """Send a fresh link to every active account with this e-mail address (none: nothing)."""
    from digiketen.core.models import SiteConfiguration

    site = urlsplit(settings.SITE_URL)
    subject_template, body_template = TEMPLATES[kind]
    users = list(User.objects.filter(email__iexact=email, is_active=True))
    if not users:
        return
    site_name = SiteConfiguration.load().site_name
    with translation.override(language):
        for user in users:
            context = {
                "user": user,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
                "protocol": site.scheme,
                "domain": site.netloc,
                "site_name": site_name,
            }
            subject = "".join(loader.render_to_string(subject_template, context).splitlines())
            body = loader.render_to_string(body_template, context)
            EmailMessage(subject=subject, body=body, to=[user.email]).send()
