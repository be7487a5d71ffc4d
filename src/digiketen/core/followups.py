"""Follow-ups another part of the chain offers on a record of this one: a course for a help
point visit that referred to one, or for a laptop handout whose resident would like one.

The record's own app shows them on its page and knows nothing of the app that offers them:
that app registers a provider in its AppConfig.ready(). A provider gets the record and the
signed-in user and returns what was done already (text only) or what can be done (a link)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUp:
    text: str
    url: str = ""
    label: str = ""


# kind ("helpdesk.visit", "applications.handover") -> providers(record, user) -> follow-ups
_providers: dict[str, list[Callable[[object, object], list[FollowUp]]]] = {}


def register(kind: str, provider: Callable[[object, object], list[FollowUp]]) -> None:
    if provider not in _providers.setdefault(kind, []):
        _providers[kind].append(provider)


def of(kind: str, record, user) -> list[FollowUp]:
    return [found for provider in _providers.get(kind, ()) for found in provider(record, user)]
