"""A small rate limit kept in the database, so it holds across all web workers."""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from digiketen.core.models import Throttle


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, identity: str, *, limit: int, window: timedelta) -> bool:
    """Count one attempt; False when `identity` already used up `limit` in this window."""
    key = f"{scope}:" + hashlib.sha256(identity.encode()).hexdigest()[:64]
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                throttle = Throttle.objects.select_for_update().filter(key=key).first()
                if throttle is None:
                    Throttle.objects.create(key=key, window_start=now, hits=1)
                    return True
                if throttle.window_start <= now - window:
                    throttle.window_start, throttle.hits = now, 0
                throttle.hits += 1
                throttle.save(update_fields=["window_start", "hits"])
                return throttle.hits <= limit
        except IntegrityError:
            continue  # created by a parallel request: count again on its row
    return False
