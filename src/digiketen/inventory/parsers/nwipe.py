"""Read what an nwipe log says about one wipe: method, rounds, verification, times, result.

Tolerant on purpose: nwipe's wording differs between versions, so each fact is looked for
separately and left out when it cannot be found. Staff check the filled-in record before saving.
"""

import re
from dataclasses import dataclass
from datetime import datetime

STAMP = re.compile(r"\[(\d{4})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})\]")
METHOD = re.compile(
    r"(?:Invoking method|[Mm]ethod:?)\s*'?([A-Za-z0-9 .&/+-]+?)'?(?:\s+on\s|\s*$)", re.M
)
ROUNDS = re.compile(r"round\s+\d+\s+of\s+(\d+)|[Rr]ounds?:?\s*(\d+)")
VERSION = re.compile(r"nwipe\s+(?:version\s+)?v?(\d+\.\d+(?:\.\d+)?)", re.I)
RESULT = re.compile(r"\|\s*(Erased|FAILED|Failed|UABORTED|Aborted)\s*\|")


@dataclass(frozen=True)
class NwipeResult:
    method_name: str = ""
    passes: int | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    verified: bool | None = None
    erased: bool | None = None
    version: str = ""


def parse_nwipe_log(text: str, *, tzinfo) -> NwipeResult:
    stamps = [s for m in STAMP.finditer(text) if (s := _stamp(m, tzinfo)) is not None]
    method = METHOD.search(text)
    # More than six digits of rounds is no wipe anyone ran: a damaged log.
    rounds = [int(n) for a, b in ROUNDS.findall(text) if len(n := a or b) <= 6]
    results = {m.lower() for m in RESULT.findall(text)}
    verify_lines = [line.lower() for line in text.splitlines() if "verif" in line.lower()]
    verified = None
    if verify_lines:
        verified = not any("fail" in line or "error" in line for line in verify_lines)
    version = VERSION.search(text)
    return NwipeResult(
        method_name=method.group(1).strip() if method else "",
        passes=max(rounds) if rounds else None,
        started_at=min(stamps) if stamps else None,
        ended_at=max(stamps) if stamps else None,
        verified=verified,
        erased=("erased" in results and not results & {"failed", "uaborted", "aborted"})
        if results
        else None,
        version=version.group(1) if version else "",
    )


def _stamp(match: re.Match, tzinfo) -> datetime | None:
    """The time of a log line, or None when the log is damaged there (month 13, hour 25)."""
    try:
        return datetime(*map(int, match.groups()), tzinfo=tzinfo)
    except ValueError:
        return None
