from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from digiketen.core.models import SiteConfiguration


def site(request):
    """The site's configuration and the link to this page in the other language."""
    current = translation.get_language()
    other = "en" if current == "nl" else "nl"
    return {
        "site_config": SiteConfiguration.current(),
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
        "demo_mode": settings.DEMO_MODE,
    }
