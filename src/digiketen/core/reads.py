"""The answer of one read for a view: what a selector found, and whether a rate limit read in
the same statement refuses the attempt. A public page that checks a code reads the code and
its limit in one statement (core.ratelimit.select); this carries the result from the selector
to the view without a second look at the database."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Read[T]:
    """`value` is what was read; when `limited`, the view refuses the attempt whatever it is
    (it was read in the same statement, not because the limit allowed it)."""

    value: T
    limited: bool = False
