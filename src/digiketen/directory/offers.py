"""What another part of the chain says about a kind of service in the finder (the cyberbank
about its laptop service: the deposit, gift or loan, where to apply). The finder shows it in
place of the service's own cost line, so the facts are kept in one place, not typed twice.
A domain registers its provider in its AppConfig.ready(), and has the "directory" content
version (core.content_cache) move when its facts change; the finder knows no domain."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Offer:
    is_free: bool
    cost: str
    conditions: tuple[str, ...] = ()
    action_url: str = ""
    action_label: str = ""
    # Further steps, as (url, label): the laptop service's appointment for the check.
    more_actions: tuple[tuple[str, str], ...] = ()


# provider(service, offer as the finder has it) -> the offer to show
_providers: dict[str, Callable[[object, Offer], Offer]] = {}


def register(service_type: str, provider: Callable[[object, Offer], Offer]) -> None:
    _providers[service_type] = provider


def offer_of(service) -> Offer:
    if service.is_free:
        offer = Offer(is_free=True, cost=_("Gratis"))
    else:
        offer = Offer(is_free=False, cost=service.cost_description)
    provider = _providers.get(service.type)
    return provider(service, offer) if provider is not None else offer
