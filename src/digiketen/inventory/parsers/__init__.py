"""Pure functions that turn raw command output from a device into spec data. No I/O here:
the raw capture is kept as it was, and these can be re-run on it at any time."""

import json
import re

# Values firmware writers leave in place of real data; they mean "unknown".
PLACEHOLDERS = {
    "to be filled by o.e.m.",
    "to be filled by oem",
    "default string",
    "system serial number",
    "system product name",
    "system manufacturer",
    "system version",
    "base board serial number",
    "chassis serial number",
    "not available",
    "not specified",
    "not applicable",
    "none",
    "n/a",
    "o.e.m.",
    "oem",
    "unknown",
    "0123456789",
    "123456789",
    "00000000",
    "no asset information",
    "x.x",
    "",
}


def clean(value: str | None) -> str:
    """The value, or "" when it is a vendor placeholder (or not text at all). Control characters
    count as spaces: they are firmware junk, and a page must never show them."""
    if not isinstance(value, str):
        return ""
    text = re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", " ", value).strip()
    return "" if text.lower() in PLACEHOLDERS or set(text) <= {"0", " ", "."} else text


class ParseError(ValueError):
    """The text is not what the tool writes (not JSON, or the wrong shape). The only exception a
    parser raises; `parse_capture` turns it into "unknown" for that file and a warning."""


def load_json(text: str) -> object:
    """The JSON value of `text`; ParseError when it is not JSON. Python's json follows nesting by
    recursion, so a file nested thousands deep raises RecursionError: not JSON either."""
    if not isinstance(text, str):
        raise ParseError("not text")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, too many digits
        raise ParseError(f"not JSON: {exc}") from exc


def get(mapping: dict, key: str, kind: type | tuple[type, ...]):
    """`mapping[key]` when it is of `kind`, None when missing or null; ParseError otherwise
    (a string where smartctl writes a number). Booleans never count as numbers."""
    value = mapping.get(key)
    if value is None:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ParseError(f"{key}: not a {kinds[0].__name__}")
    return value
