"""A small rate limit kept in the database, so it holds across all web workers."""

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
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


@dataclass(frozen=True)
class Limit:
    """At most `limit` attempts of `identity` in `scope` per `window`."""

    scope: str
    identity: str
    limit: int
    window: timedelta

    @property
    def key(self) -> str:
        return f"{self.scope}:" + hashlib.sha256(self.identity.encode()).hexdigest()[:64]


def hit(scope: str, identity: str, *, limit: int, window: timedelta) -> bool:
    """Count one attempt; False when `identity` already used up `limit` in this window."""
    return hit_all(Limit(scope, identity, limit, window))


def hit_all(*limits: Limit) -> bool:
    """Count one attempt against each limit (all of them, so a refused attempt still counts
    everywhere); False when any of them was already used up.

    One upsert per limit that starts a new window when the old one has passed, so parallel
    attempts each count and none waits for another's row lock in between. On PostgreSQL all
    of them travel in one round trip, as one implicit transaction."""
    now = timezone.now()
    statements = [_upsert(limit, now) for limit in limits]
    if connection.vendor == "postgresql":
        # A count lost in a crash is harmless: do not wait for the disk on every lookup (only
        # outside a caller's transaction, whose own writes must stay durable).
        prefix = [] if connection.in_atomic_block else ["SET LOCAL synchronous_commit TO OFF"]
        sql = "; ".join(prefix + [sql for sql, _params in statements])
        params = [p for _sql, params in statements for p in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if prefix:
                cursor.nextset()
            counts = [cursor.fetchone()[0]]
            while cursor.nextset():
                counts.append(cursor.fetchone()[0])
    else:
        counts = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                counts.append(cursor.fetchone()[0])
    return all(count <= limit.limit for count, limit in zip(counts, limits, strict=True))


def _upsert(limit: Limit, now) -> tuple[str, list]:
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
    expired = ops.adapt_datetimefield_value(now - limit.window)
    return sql, [limit.key, started, expired, expired, started]
