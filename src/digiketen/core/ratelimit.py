"""A small rate limit kept in the database, so it holds across all web workers."""

import hashlib
import ipaddress
from datetime import timedelta

from django.db import connection, transaction
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
    """Count one attempt; False when `identity` already used up `limit` in this window.

    One statement (an upsert that starts a new window when the old one has passed), so
    parallel attempts each count and none waits for another's row lock in between."""
    key = f"{scope}:" + hashlib.sha256(identity.encode()).hexdigest()[:64]
    now = timezone.now()
    ops = connection.ops
    table, quote = ops.quote_name(Throttle._meta.db_table), ops.quote_name
    start, hits = quote("window_start"), quote("hits")
    # Only the quoted names of our own table and columns are put in; values are parameters.
    sql = (
        f"INSERT INTO {table} ({quote('key')}, {start}, {hits}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({quote('key')}) DO UPDATE SET "
        f"{hits} = CASE WHEN {table}.{start} <= %s THEN 1 ELSE {table}.{hits} + 1 END, "
        f"{start} = CASE WHEN {table}.{start} <= %s THEN %s ELSE {table}.{start} END "
        f"RETURNING {hits}"
    )
    started = ops.adapt_datetimefield_value(now)
    expired = ops.adapt_datetimefield_value(now - window)
    params = [key, started, expired, expired, started]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A count lost in a crash is harmless: do not wait for the disk on every lookup
        # (only outside a caller's transaction, whose own writes must stay durable).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(sql, params)
            (count,) = cursor.fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            (count,) = cursor.fetchone()
    return count <= limit
