from functools import lru_cache

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.encoding import escape_uri_path, iri_to_uri

from digiketen.core.models import SiteConfiguration


def site(request):
    """The site's configuration and the link to this page in the other language."""
    current = translation.get_language()
    other = "en" if current == "nl" else "nl"
    return {
        "site_config": SiteConfiguration.current(),
        "other_language": other,
        "other_language_url": _in_language(escape_uri_path(request.path), other, current)
        + (f"?{iri_to_uri(query)}" if (query := request.META.get("QUERY_STRING")) else ""),
        "demo_mode": settings.DEMO_MODE,
    }


@lru_cache(maxsize=2048)
def _in_language(path: str, language: str, current: str) -> str:
    """The same page's address in `language` (resolving and reversing it costs a few tenths
    of a millisecond on every page; the addresses do not change while the process runs)."""
    with translation.override(current):
        return translate_url(path, language)
