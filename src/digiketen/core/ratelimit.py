"""A small rate limit kept in the database, so it holds across all web workers."""

import hashlib
import ipaddress
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from digiketen.core.models import Throttle


def client_address(request) -> str:
    """The visitor's address as login lockout sees it (behind PROXY_COUNT proxies). An IPv6
    visitor counts per /64 network: one home can hold countless addresses."""
    from axes.helpers import get_client_ip_address

    address = get_client_ip_address(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address


def forget_old(*, before) -> int:
    """Throttles whose window has long passed (run daily)."""
    return Throttle.objects.filter(window_start__lt=before).delete()[0]


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
