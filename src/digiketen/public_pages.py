"""The public pages served from the cache (core.page_cache.PublicPageCacheMiddleware): the one
list of them, with how long an entry may live and which content versions it depends on.

Only for pages whose HTML is the same for every visitor without a session: nothing personal,
no answer that depends on what the visitor typed before. A CSRF token in the page is fine:
each visitor gets their own in the cached HTML. Pages that say whether a place is open now
live a minute at most, as that moves with the clock; the others until their content changes.
"""

NOW = 60
LONG = 60 * 60

SITE = ("site",)
DIRECTORY = ("site", "directory")

# URL name: (seconds at most, content versions).
PUBLIC_PAGES: dict[str, tuple[int, tuple[str, ...]]] = {
    "core:home": (LONG, DIRECTORY),
    "core:accessibility": (LONG, SITE),
    "core:privacy": (LONG, SITE),
    "directory:public-start": (LONG, SITE),
    "directory:public-results": (NOW, DIRECTORY),
    "directory:public-service": (NOW, DIRECTORY),
    "directory:public-location": (NOW, DIRECTORY),
    "directory:public-overview": (NOW, DIRECTORY),
    "directory:public-neighbourhood": (NOW, DIRECTORY),  # the printed date moves daily
    "applications:status": (LONG, SITE),
    "applications:apply": (LONG, SITE),  # the first step; a draft lives in a session
    "donations:donate": (LONG, SITE),
}
