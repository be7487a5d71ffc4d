"""Keyed hashes (HMAC-SHA256) that recognise a pass or an address again without keeping it.

The key is PASS_NUMBER_KEY (SECRET_KEY when empty, outside production): without the key the
hashes cannot be turned back into numbers by trying all of them."""

import hashlib
import hmac
import re

from django.conf import settings


def _keyed(kind: str, text: str) -> str:
    key = (settings.PASS_NUMBER_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, f"{kind}:{text}".encode(), hashlib.sha256).hexdigest()


def pass_hash(number: str) -> str:
    return _keyed("pass", re.sub(r"\s", "", number))


def address_hash(postcode: str, house_number: str) -> str:
    return _keyed("address", re.sub(r"\s", "", f"{postcode}|{house_number}").upper())
