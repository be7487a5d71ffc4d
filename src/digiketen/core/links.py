"""Absolute links for what leaves the site (mail, SMS, letters, certificates, labels): they are
read elsewhere and later, so they are built from SITE_URL, the one public address, never from a
request's Host header."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def site_parts():
    """(scheme, host) of the public address, e.g. for Django's password-reset mail context."""
    site = urlsplit(settings.SITE_URL)
    return site.scheme, site.netloc
