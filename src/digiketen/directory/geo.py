"""Positions of postcodes and distances. PDOK Locatieserver (the free national geocoder) turns a
postcode into a position; answers are cached. Without it, an imported centroid per 4-digit
postcode is used, then the middle of our own locations in that area; without any of those,
results are ordered by neighbourhood and postcode."""

import json
import logging
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$")
POINT = re.compile(r"POINT\(([-0-9.]+) ([-0-9.]+)\)")


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float


def normalise_postcode(text: str) -> str | None:
    """'6211 cn' -> '6211CN', '6211' -> '6211'; None when it is not a Dutch postcode."""
    match = POSTCODE.match(text or "")
    if not match:
        return None
    return match.group(1) + (match.group(2) or "").upper()


def distance_km(a: Position, b: Position) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def parse_pdok(payload: dict) -> Position | None:
    """The position of the first document of a Locatieserver `free` answer."""
    docs = payload.get("response", {}).get("docs", [])
    if not docs:
        return None
    match = POINT.match(docs[0].get("centroide_ll", ""))
    if not match:
        return None
    longitude, latitude = float(match.group(1)), float(match.group(2))
    return Position(latitude=latitude, longitude=longitude)


GEOCODER_DOWN_KEY = "geocoder-unreachable"
GEOCODER_RETRY_SECONDS = 300


def fetch_pdok(postcode: str) -> Position | None:
    """Ask PDOK; None when it cannot be reached or does not know the postcode. After a
    failure PDOK is left alone for a few minutes, so searches do not each wait for it."""
    if not settings.GEOCODER_URL or cache.get(GEOCODER_DOWN_KEY):
        return None
    query = urllib.parse.urlencode({"q": postcode, "fq": "type:postcode", "rows": 1})
    try:
        with urllib.request.urlopen(  # noqa: S310 - fixed https URL from settings
            f"{settings.GEOCODER_URL}?{query}", timeout=settings.GEOCODER_TIMEOUT
        ) as response:
            return parse_pdok(json.load(response))
    except (OSError, ValueError) as exc:
        logger.warning("geocoder unavailable for %s: %s", postcode, exc)
        cache.set(GEOCODER_DOWN_KEY, True, GEOCODER_RETRY_SECONDS)
        return None


def locate(postcode: str) -> Position | None:
    """Position of a postcode: cached, else PDOK (then cached), else the 4-digit centroid."""
    from digiketen.directory.models import GeocodedPostcode

    cached = {
        g.postcode: g
        for g in GeocodedPostcode.objects.filter(postcode__in={postcode, postcode[:4]})
    }
    if postcode in cached:
        return _position(cached[postcode])
    found = fetch_pdok(postcode)
    if found is not None:
        GeocodedPostcode.objects.update_or_create(
            postcode=postcode,
            defaults={
                "latitude": Decimal(f"{found.latitude:.6f}"),
                "longitude": Decimal(f"{found.longitude:.6f}"),
                "source": GeocodedPostcode.Source.PDOK,
            },
        )
        return found
    if postcode[:4] in cached:
        return _position(cached[postcode[:4]])
    return _known_locations_centre(postcode[:4])


def _known_locations_centre(area: str) -> Position | None:
    """The middle of our own locations in the same 4-digit postcode area, if there are any."""
    from django.db.models import Avg

    from digiketen.organisations.models import Location

    centre = Location.objects.filter(postcode__startswith=area, latitude__isnull=False).aggregate(
        latitude=Avg("latitude"), longitude=Avg("longitude")
    )
    if centre["latitude"] is None:
        return None
    return Position(latitude=float(centre["latitude"]), longitude=float(centre["longitude"]))


def _position(row) -> Position:
    return Position(latitude=float(row.latitude), longitude=float(row.longitude))
