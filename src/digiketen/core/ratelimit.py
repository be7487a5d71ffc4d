"""A small rate limit kept in the database, so it holds across all web workers."""

import hashlib
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

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

    @cached_property  # read several times while one statement is built
    def key(self) -> str:
        return f"{self.scope}:" + hashlib.sha256(self.identity.encode()).hexdigest()[:64]

    def used_up(self, used: int) -> bool:
        """Whether `used` attempts (as `used_sql` reads them) leave no room for another."""
        return used >= self.limit


def hit(scope: str, identity: str, *, limit: int, window: timedelta) -> bool:
    """Count one attempt; False when `identity` already used up `limit` in this window."""
    return hit_all(Limit(scope, identity, limit, window))


def hit_all(*limits: Limit) -> bool:
    """Count one attempt against each limit (all of them, so a refused attempt still counts
    everywhere), in one statement: an upsert of every limit's row that starts a new window
    where the old one has passed. False when any of them was already used up.

    One statement, so parallel attempts each count and none waits for another's row lock in
    between. The rows are written in the order of `limits`: callers list them in the same
    order, so two attempts cannot deadlock."""
    if not limits:
        raise ValueError("hit_all needs a limit to count")
    sql, params = _upsert(limits, timezone.now())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # A count lost in a crash is harmless: do not wait for the disk on every attempt
            # (only outside a caller's transaction, whose own writes must stay durable).
            cursor.execute(f"SET LOCAL synchronous_commit TO OFF; {sql}", params)
            cursor.nextset()
        else:
            cursor.execute(sql, params)
        counts = dict(cursor.fetchall())
    return all(counts[limit.key] <= limit.limit for limit in limits)


def select(*expressions: tuple[str, list]) -> tuple:
    """The values of scalar SQL expressions (sub-selects with their parameters, such as
    `used_sql`) in one SELECT that writes nothing. A public page that checks a code reads the
    code and the limits that guard it in one round trip, and counts the attempt (`hit_all`)
    only when it failed: a resident who opens their own link costs one read, while every
    guess still counts."""
    sql = "SELECT " + ", ".join(expression for expression, _params in expressions)
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _expression, params in expressions for p in params])
        return cursor.fetchone()


def used_sql(limit: Limit) -> tuple[str, list]:
    """A scalar sub-select for `select`: how many attempts `limit` counted in its current
    window, without counting one."""
    ops = connection.ops
    table, quote = ops.quote_name(Throttle._meta.db_table), ops.quote_name
    expired = ops.adapt_datetimefield_value(timezone.now() - limit.window)
    # Only the quoted names of our own table and columns are put in; values are parameters.
    sql = (
        f"COALESCE((SELECT {quote('hits')} FROM {table} WHERE {quote('key')} = %s "  # noqa: S608
        f"AND {quote('window_start')} > %s), 0)"
    )
    return sql, [limit.key, expired]


def _upsert(limits: Sequence[Limit], now) -> tuple[str, list]:
    ops = connection.ops
    table, quote = ops.quote_name(Throttle._meta.db_table), ops.quote_name
    key, start, hits = quote("key"), quote("window_start"), quote("hits")
    if len({limit.key for limit in limits}) != len(limits):
        raise ValueError("each limit once: one statement cannot update a row twice")
    started = ops.adapt_datetimefield_value(now)
    if len(limits) == 1:
        expired, ends_params = (
            f"{table}.{start} <= %s",
            [ops.adapt_datetimefield_value(now - limits[0].window)],
        )
    else:  # each row's window ends at its own limit's length: the existing row's key picks it
        ends = " ".join("WHEN %s THEN %s" for _limit in limits)
        expired = f"{table}.{start} <= CASE {table}.{key} {ends} END"
        ends_params = [
            p
            for limit in limits
            for p in (limit.key, ops.adapt_datetimefield_value(now - limit.window))
        ]
    # Only the quoted names of our own table and columns are put in; values are parameters.
    sql = (
        f"INSERT INTO {table} ({key}, {start}, {hits}) VALUES "  # noqa: S608
        + ", ".join("(%s, %s, 1)" for _limit in limits)
        + f" ON CONFLICT ({key}) DO UPDATE SET "
        f"{hits} = CASE WHEN {expired} THEN 1 ELSE {table}.{hits} + 1 END, "
        f"{start} = CASE WHEN {expired} THEN %s ELSE {table}.{start} END "
        f"RETURNING {table}.{key}, {table}.{hits}"
    )
    params = [p for limit in limits for p in (limit.key, started)]
    return sql, params + ends_params + ends_params + [started]


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
