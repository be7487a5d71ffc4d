"""Opening an application's status with its code and postcode: guessing is slow, and a
guesser cannot lock the resident out.

Three counts, all in the Throttle table:

- Failed lookups per visitor address: 20 per 15 minutes. Trying codes is slow, whatever the
  code; a resident who opens their own status again and again is never stopped (a lookup
  that finds its application counts nowhere, and costs one read).
- Failed lookups of one code from one address: 5 per hour. Then that address may not try that
  code for the rest of the hour, not even with the right postcode.
- Failed lookups of one code from every address: 8 per hour. Above that, the code is being
  guessed from several addresses: an address that failed on it before is refused, an address
  that did not (the resident, at home or on a phone) is still checked, and the right postcode
  opens the status.

Why not simply lock a code after 8 failures: then anyone who knows a code (from a letter on a
table, a screenshot) locks its resident out for an hour with 8 wrong postcodes. Why not let
the right pair through and refuse only wrong pairs: then "refused" just means "wrong", and the
guessing goes on unhindered. A refusal has to come before the check, so it goes to the
addresses that have shown they guess. What remains: once a code is being guessed, a guesser
gets one try per address per hour, so covering a city's few thousand postcodes takes thousands
of addresses.
"""

from datetime import timedelta
from enum import Enum

from digiketen.applications import selectors
from digiketen.core import ratelimit


class Outcome(Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    LIMITED = "limited"


def look_up(*, reference: str, postcode: str, address: str) -> Outcome:
    """Check a code and postcode typed at `address` (ratelimit.client_address), counting
    the attempt as described above."""
    failed_from_address = ratelimit.Limit("status-ip", address, 20, timedelta(minutes=15))
    failed_here = ratelimit.Limit("status-ref-ip", f"{reference} {address}", 5, timedelta(hours=1))
    failed_anywhere = ratelimit.Limit("status-ref", reference, 8, timedelta(hours=1))
    # Matched and the failures read in one statement: the match is only used when no limit
    # refuses, and a failure is counted (a second statement) whether refused or not.
    failures = [failed_from_address, failed_here, failed_anywhere]
    read = selectors.status_match(reference=reference, postcode=postcode, failures=failures)
    from_address, here, anywhere = read.failures
    if not read.found:
        ratelimit.hit_all(*failures)
    if (
        failed_from_address.used_up(from_address)
        or failed_here.used_up(here)
        or (here and failed_anywhere.used_up(anywhere))
    ):
        return Outcome.LIMITED
    return Outcome.FOUND if read.found else Outcome.NOT_FOUND
