"""Caching of what is the same for every visitor, always as fresh as the database.

Each kind of content ("site": the site configuration; "directory": services, places, hours,
locations and organisations) has a version number in the database (ContentVersion). Every
save or delete of a watched model moves it on, in the same transaction, and cache keys carry
it: after an edit, every process builds the page anew instead of serving the old one. A
process reads the version at most every VERSION_MEMO_SECONDS, so a busy page costs no query;
another process may show the old page for those seconds, the one that saved never does.

Invalidation runs on Django's model signals, so every writer is covered (services, the
importer, demo data, the shell); writes that skip signals (bulk_create, QuerySet.update) call
`changed()` themselves. See docs/decisions/0013-public-pages-cached-by-content-version.md.
"""

import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_MEMO_SECONDS = 2
_memo: dict[str, tuple[float, int]] = {}
_MISSING = object()
_held: dict[str, tuple[str, object]] = {}  # name -> (cache key, value)


def version(key: str) -> int:
    from digiketen.core.models import ContentVersion

    now = time.monotonic()
    hit = _memo.get(key)
    if hit is not None and now - hit[0] < VERSION_MEMO_SECONDS:
        return hit[1]
    value = ContentVersion.objects.filter(key=key).values_list("version", flat=True).first()
    _memo[key] = (now, value or 0)
    return value or 0


def changed(key: str) -> None:
    """Move the version of `key` on, in the caller's transaction."""
    from digiketen.core.models import ContentVersion

    bumped = ContentVersion.objects.filter(key=key).update(version=models.F("version") + 1)
    if not bumped:
        try:
            with transaction.atomic():
                ContentVersion.objects.create(key=key, version=1)
        except IntegrityError:  # created at the same moment by another writer
            ContentVersion.objects.filter(key=key).update(version=models.F("version") + 1)
    forget(key)
    # Readers in this process that looked before the commit: look again after it.
    transaction.on_commit(lambda: forget(key))


def forget(key: str | None = None) -> None:
    """Drop this process's memory of the version of `key` (of every key when None)."""
    if key is None:
        _memo.clear()
        _held.clear()
    else:
        _memo.pop(key, None)


def watch(key: str, *watched: type[models.Model]) -> None:
    """Move `key` on whenever one of these models is saved or deleted (or, for a many-to-many
    through model, its links change)."""

    def moved(sender, **kwargs):
        changed(key)

    for model in watched:
        if model._meta.auto_created:  # the through table of a ManyToManyField
            m2m_changed.connect(moved, sender=model, weak=False)
        else:
            post_save.connect(moved, sender=model, weak=False)
            post_delete.connect(moved, sender=model, weak=False)


def cache_key(name: str, parts: tuple, versions: tuple[str, ...]) -> str:
    stamp = ".".join(f"{v}{version(v)}" for v in versions)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"content:{name}:{stamp}:{digest}"


def cached[T](
    name: str,
    parts: tuple,
    build: Callable[[], T],
    *,
    versions: tuple[str, ...] = ("directory",),
    timeout: int | None = None,
) -> T:
    """`build()`'s value for these parts, from the cache while `versions` stay the same."""
    key = cache_key(name, parts, versions)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout)
    return value


def held[T](name: str, build: Callable[[], T], *, versions: tuple[str, ...]) -> T:
    """One value per process that every request reads and none changes (the site's
    configuration on every page): kept as the object itself, so a page does not unpickle it
    from the cache each time, and built again when one of `versions` moves on."""
    key = cache_key(name, (), versions)
    hit = _held.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = cached(name, (), build, versions=versions)
    _held[name] = (key, value)
    return value
