"""The explained score of a volunteer for a resident's request, with no database: language,
distance, availability and topic, each with the reason shown to the coordinator. The hard gate
comes first: without a valid VOG (or, when a home visit is wanted, without home visits) a
volunteer is no candidate at all, whatever the score."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

LANGUAGE_POINTS = 40
TOPIC_POINTS = 20
AVAILABILITY_POINTS = 20
# Distance in km and the points for at most that distance.
DISTANCE_POINTS = ((2.0, 30), (5.0, 20), (10.0, 10))
UNKNOWN_DISTANCE_POINTS = 5


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    languages: frozenset[str]
    postcode: str
    availability: frozenset[str]
    topics: frozenset[int]
    home_visits: bool
    vog_valid_until: date | None
    is_active: bool = True


@dataclass(frozen=True)
class Wish:
    language: str
    postcode: str
    availability: frozenset[str]
    topics: frozenset[int]
    home_visit: bool
    declined_by: frozenset[int] = frozenset()  # volunteers who declined or were declined


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    score: int
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None


def may_be_suggested(candidate: Candidate, wish: Wish, today: date) -> bool:
    """The hard gate: active, a VOG valid after today, home visits when wanted, not declined."""
    return (
        candidate.is_active
        and candidate.vog_valid_until is not None
        and candidate.vog_valid_until > today
        and (candidate.home_visits or not wish.home_visit)
        and candidate.id not in wish.declined_by
    )


def score(
    candidate: Candidate, wish: Wish, *, distance_km: float | None, labels: dict
) -> Suggestion:
    """Points and reasons; `labels` turns codes (languages, day parts, topic ids) into words."""
    points, reasons = 0, []
    language = labels.get(wish.language, wish.language)
    if wish.language in candidate.languages:
        points += LANGUAGE_POINTS
        reasons.append(_("Spreekt %(language)s") % {"language": language})
    else:
        reasons.append(_("Spreekt geen %(language)s") % {"language": language})
    if distance_km is None:
        same = candidate.postcode == wish.postcode
        points += DISTANCE_POINTS[0][1] if same else UNKNOWN_DISTANCE_POINTS
        reasons.append(_("Woont in dezelfde postcode") if same else _("Afstand onbekend"))
    else:
        near = next((p for limit, p in DISTANCE_POINTS if distance_km <= limit), 0)
        points += near
        reasons.append(_("Woont %(km)s km verderop") % {"km": f"{distance_km:.1f}"})
    common_times = sorted(candidate.availability & wish.availability)
    if not wish.availability:
        points += AVAILABILITY_POINTS // 2
        reasons.append(_("Inwoner heeft geen vaste tijden"))
    elif common_times:
        points += AVAILABILITY_POINTS
        reasons.append(
            _("Kan op %(times)s")
            % {"times": ", ".join(str(labels.get(t, t)) for t in common_times[:3])}
        )
    else:
        reasons.append(_("Geen gezamenlijke tijden"))
    common_topics = candidate.topics & wish.topics
    if common_topics:
        points += TOPIC_POINTS
        reasons.append(
            _("Helpt met %(topics)s")
            % {"topics": ", ".join(sorted(str(labels.get(t, t)) for t in common_topics))}
        )
    elif wish.topics:
        reasons.append(_("Geen van de gevraagde onderwerpen"))
    return Suggestion(candidate, points, reasons, distance_km)


def rank(
    candidates: list[Candidate],
    wish: Wish,
    *,
    today: date,
    distance=lambda candidate: None,
    labels: dict | None = None,
) -> list[Suggestion]:
    """The candidates past the hard gate, best first (then by name, for a stable order)."""
    suggestions = [
        score(c, wish, distance_km=distance(c), labels=labels or {})
        for c in candidates
        if may_be_suggested(c, wish, today)
    ]
    return sorted(suggestions, key=lambda s: (-s.score, s.candidate.name, s.candidate.id))
