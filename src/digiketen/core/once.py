"""Make a form submit count once. The form carries a random key; the first submit that saves
stores the key with the address of its result; any later submit with that key goes there."""

import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction

from digiketen.core.models import OnceKey


def new_key() -> str:
    return secrets.token_urlsafe(24)


def key_from(request) -> str:
    """The posted key, or a new one for a form shown for the first time."""
    key = request.POST.get("once", "")
    return key if 16 <= len(key) <= 64 else new_key()


def forget_old(*, before) -> int:
    """Keys of forms sent before `before` (run daily): a double submit comes seconds or
    minutes after the first, never days."""
    return OnceKey.objects.filter(created_at__lt=before).delete()[0]


def earlier_result(key: str) -> str | None:
    return OnceKey.objects.filter(key=key).values_list("result_url", flat=True).first()


def run(key: str, action: Callable[[], str], *, checked: bool = False) -> str:
    """Run `action` (which saves and returns the result's address) unless this key already
    ran; then return the earlier result. Two submits at the same moment: the second one's
    work is rolled back by the unique key, and it gets the first one's result. `checked`: the
    caller has just asked earlier_result(key) itself, so the same question is not asked again
    (the unique key still catches a submit that came in between)."""
    if not checked and (done := earlier_result(key)):
        return done
    try:
        with transaction.atomic():
            url = action()
            OnceKey.objects.create(key=key, result_url=url)
            return url
    except IntegrityError:
        if done := earlier_result(key):
            return done
        raise
