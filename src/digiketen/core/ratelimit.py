"""A small rate limit kept in the database, so it holds across all web workers."""

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from digiketen.core.models import Throttle


def client_ip(request) -> str:
    """The address the visitor connected from. Behind `PROXY_COUNT` reverse proxies that is
    the entry the outermost of them appended to X-Forwarded-For, counted from the right: the
    entries left of it were written by the visitor and prove nothing. Without PROXY_COUNT
    the header is ignored (anyone can send it) and REMOTE_ADDR is the visitor. "" when no
    valid address is known."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if hops else ""
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    # Fewer entries than proxies: the request skipped the outer ones, and the leftmost entry
    # is still one that our own proxy wrote (a visitor can only add entries, not remove them).
    candidate = entries[-min(hops, len(entries))] if entries else remote
    for address in (candidate, remote):
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        # An IPv4 visitor on a dual-stack socket arrives as ::ffff:a.b.c.d.
        return str(getattr(ip, "ipv4_mapped", None) or ip)
    return ""


def client_address(request) -> str:
    """The visitor as rate limits, and the login lockout (AXES_CLIENT_IP_CALLABLE) see
    them: `client_ip`, with an IPv6 visitor counted per /64 network (its first address, so
    it stays a valid address for django-axes): one home can hold countless addresses."""
    address = client_ip(request)
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
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


def used(*limits: Limit) -> list[int]:
    """How many attempts each limit counted in its current window, without counting one."""
    now = timezone.now()
    rows = {
        key: (start, hits)
        for key, start, hits in Throttle.objects.filter(
            key__in=[limit.key for limit in limits]
        ).values_list("key", "window_start", "hits")
    }
    counts = []
    for limit in limits:
        start, hits = rows.get(limit.key, (None, 0))
        counts.append(hits if start is not None and start > now - limit.window else 0)
    return counts


@dataclass(frozen=True)
class Backoff:
    """Failures of `identity` in a row: after `free` of them each next attempt waits `first`,
    twice as long after every further failure, up to `longest`. A success, or `memory`
    without failure, starts the count over. Kept in a Throttle row whose window_start is the
    last failure."""

    scope: str
    identity: str
    free: int
    first: timedelta
    longest: timedelta
    memory: timedelta = timedelta(days=1)

    @property
    def key(self) -> str:
        return Limit(self.scope, self.identity, 0, self.memory).key

    def wait(self) -> timedelta:
        """How long the next attempt must still wait (zero: it may go ahead)."""
        now = timezone.now()
        row = Throttle.objects.filter(key=self.key).values_list("window_start", "hits").first()
        if row is None or row[1] < self.free or row[0] <= now - self.memory:
            return timedelta(0)
        delay = min(self.first * 2 ** min(row[1] - self.free, 30), self.longest)
        return max(row[0] + delay - now, timedelta(0))

    def failed(self) -> int:
        """Count one failure; returns the failures in a row."""
        ops = connection.ops
        table, quote = ops.quote_name(Throttle._meta.db_table), ops.quote_name
        start, hits = quote("window_start"), quote("hits")
        sql = (
            f"INSERT INTO {table} ({quote('key')}, {start}, {hits}) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT ({quote('key')}) DO UPDATE SET "
            f"{hits} = CASE WHEN {table}.{start} <= %s THEN 1 ELSE {table}.{hits} + 1 END, "
            f"{start} = %s RETURNING {hits}"
        )
        now = timezone.now()
        started = ops.adapt_datetimefield_value(now)
        forgotten = ops.adapt_datetimefield_value(now - self.memory)
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.key, started, forgotten, started])
            return cursor.fetchone()[0]

    def succeeded(self) -> None:
        Throttle.objects.filter(key=self.key).delete()
