"""Pure functions that turn raw command output from a device into spec data. No I/O here:
the raw capture is kept as it was, and these can be re-run on it at any time."""

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
    """The value, or "" when it is a vendor placeholder."""
    text = re.sub(r"\s+", " ", value or "").strip()
    return "" if text.lower() in PLACEHOLDERS or set(text) <= {"0", " ", "."} else text
