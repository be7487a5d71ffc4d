"""The one hierarchy of refusals by a business rule. A service raises one with a message in words
for the user; nothing else needs to be caught:

- a form view that runs a service adds the message to its form, next to the answers;
- anything else reaches ``core.middleware.RefusalMiddleware``: after a POST the message is
  shown on the page the person came from, otherwise on a page of its own (HTTP 409);
- the API answers ``application/problem+json`` with status 409 (``api.problems``).
"""


class Refused(Exception):
    """The step cannot be taken now: a rule, a missing reason, a limit. The message says why."""


class IllegalTransition(Refused):
    """The step does not exist from the current state of the process (device, application,
    appointment, message)."""


class Conflict(Refused):
    """Someone else got there a moment ago: a time just booked, a name already used."""


class DuplicateName(Conflict):
    """Another record already has this name (an organisation, a location, a service)."""
