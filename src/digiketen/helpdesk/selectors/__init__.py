"""Reads for the help point: visits in the user's scope and the figures the council asks for.
Every figure is one aggregate query, so the pages stay fast with millions of questions."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.accounts.roles import Role
from digiketen.core import content_cache, ratelimit
from digiketen.core.reads import Read
from digiketen.helpdesk.models import (
    NOT_SOLVED,
    Agency,
    Channel,
    CodeList,
    HelpContact,
    Helped,
    HelpQuestion,
    Outcome,
    QuestionTemplate,
    SurveyAnswer,
    SurveyCode,
    Theme,
)
from digiketen.organisations.models import Location
from digiketen.permissions import Perm

CODE_LISTS = "helpdesk-codes"  # the content version of themes, agencies and outcomes


def register_locations(*, user, active_only: bool = True) -> QuerySet[Location]:
    locations = Location.objects.all()
    if active_only:
        locations = locations.filter(is_active=True, organisation__is_active=True)
    return (
        permissions.scope_queryset(user, Perm.REGISTER_HELP, locations, "organisation")
        .select_related("organisation")  # the service needs it for the visit's organisation
        .order_by("name")
    )


def last_location(*, user) -> Location | None:
    """Where the helper registered last: usually where they are today."""
    last = (
        HelpContact.objects.filter(helper=user)
        .select_related("location")
        .order_by("-created_at")
        .first()
    )
    return last.location if last else None


def figure_locations(*, user) -> QuerySet[Location]:
    return permissions.scope_queryset(
        user,
        Perm.VIEW_HELP_FIGURES,
        Location.objects.filter(organisation__is_active=True),
        "organisation",
    ).order_by("name")


def figure_scope(*, user, location=None) -> tuple[list[int] | None, str]:
    """The locations whose figures the user sees (None: all), and their name for the page."""
    if location is not None:
        return [location.pk], location.name
    if permissions.organisation_ids(user, Perm.VIEW_HELP_FIGURES) is None:
        return None, _("alle locaties")
    ids = list(figure_locations(user=user).values_list("pk", flat=True))
    return ids, _("alle locaties van uw organisatie")


def registered_visits(*, user) -> QuerySet[HelpContact]:
    return permissions.scope_queryset(
        user, Perm.REGISTER_HELP, HelpContact.objects.all(), "organisation"
    ).select_related("location", "helper")


def own_organisation(*, user):
    """The organisation whose help point the user works for (the first, if several)."""
    membership = (
        user.memberships.filter(role=Role.HELP_POINT_STAFF).select_related("organisation").first()
        or user.memberships.select_related("organisation").first()
    )
    return membership.organisation if membership else None


def templates_for(*, user) -> QuerySet[QuestionTemplate]:
    return permissions.scope_queryset(
        user, Perm.REGISTER_HELP, QuestionTemplate.objects.all(), "organisation"
    ).select_related("theme")


def survey_code_state(code: str, *, misses: ratelimit.Limit) -> Read[str]:
    """ "open", "used" or "closed" (unknown or expired), read in the statement that reads how
    many lookups of this visitor found no open code (`misses`): the public survey does both
    on every visit, in one round trip, and counts only a miss (the view does)."""
    ops = connection.ops
    quote, meta = ops.quote_name, SurveyCode._meta
    # Only the quoted names of our own table and columns are put in; values are parameters.
    state = (
        f"(SELECT CASE WHEN {quote('used_at')} IS NOT NULL THEN 'used' "  # noqa: S608
        f"WHEN {quote('expires_at')} > %s THEN 'open' ELSE 'closed' END "
        f"FROM {quote(meta.db_table)} WHERE {quote('code')} = %s)"
    )
    now = ops.adapt_datetimefield_value(timezone.now())
    found, missed = ratelimit.select((state, [now, code.upper()]), ratelimit.used_sql(misses))
    return Read(value=found or "closed", limited=misses.used_up(missed))


def code_list[T: CodeList](model: type[T]) -> list[T]:
    """Every theme, agency or outcome (active or not, in their order), held per process while
    the code lists stay the same (their content version, helpdesk.apps): the registration form
    offers them in every question without a query. Shared objects: read them, never change."""
    return content_cache.held(
        f"{CODE_LISTS}:{model._meta.model_name}",
        lambda: list(model.objects.all()),
        versions=(CODE_LISTS,),
    )


def all_themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def all_agencies() -> QuerySet[Agency]:
    return Agency.objects.all()


def all_outcomes() -> QuerySet[Outcome]:
    return Outcome.objects.all()


def active_outcomes() -> QuerySet[Outcome]:
    return Outcome.objects.filter(is_active=True)


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True)


def active_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    kind: str  # "week", "month" or "year"

    @classmethod
    def around(cls, day: date, kind: str) -> "Period":
        if kind == "week":
            start = day - timedelta(days=day.weekday())
            return cls(start, start + timedelta(days=7), kind)
        if kind == "month":
            start = day.replace(day=1)
            return cls(start, (start + timedelta(days=32)).replace(day=1), kind)
        start = day.replace(month=1, day=1)
        return cls(start, start.replace(year=start.year + 1), "year")

    def a_year_earlier(self) -> "Period":
        if self.kind == "week":
            # The same ISO week number a year earlier (week 53 becomes the last week).
            year, week, _day = self.start.isocalendar()
            last_week = date(year - 1, 12, 28).isocalendar()[1]
            start = date.fromisocalendar(year - 1, min(week, last_week), 1)
            return Period(start, start + timedelta(days=7), "week")
        return Period(
            self.start.replace(year=self.start.year - 1),
            self.end.replace(year=self.end.year - 1),
            self.kind,
        )

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return datetime.combine(self.start, time(), tz), datetime.combine(self.end, time(), tz)


@dataclass
class Figures:
    period: Period
    visits: int = 0
    questions: int = 0
    average_minutes: float | None = None
    solved: int = 0
    follow_ups: int = 0
    referrals: int = 0
    answers: int = 0
    helped_yes: int = 0
    helped_partly: int = 0
    # Shares of those asked; answers from before the two were asked apart: the old share.
    would_return: int = 0
    asked_return: int = 0
    would_recommend: int = 0
    asked_recommend: int = 0
    returns_or_recommends: int = 0
    asked_returns_or_recommends: int = 0
    average_mark: float | None = None
    themes: list[tuple[str, int]] = field(default_factory=list)
    agencies: list[tuple[str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    channels: list[tuple[str, int]] = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def solved_share(self):
        return self._share(self.solved, self.questions)

    @property
    def helped_share(self):
        """Of those who answered the survey: said yes, they were helped."""
        return self._share(self.helped_yes, self.answers)

    @property
    def partly_share(self):
        return self._share(self.helped_partly, self.answers)

    @property
    def response_rate(self):
        return self._share(self.answers, self.visits)

    @property
    def would_return_share(self):
        return self._share(self.would_return, self.asked_return)

    @property
    def would_recommend_share(self):
        return self._share(self.would_recommend, self.asked_recommend)

    @property
    def returns_or_recommends_share(self):
        return self._share(self.returns_or_recommends, self.asked_returns_or_recommends)


def figures(location_ids: list[int] | None, period: Period) -> Figures:
    """The figures of the visits at these locations (None: all) in `period`."""
    start, end = period.bounds()
    contacts = HelpContact.objects.filter(started_at__gte=start, started_at__lt=end)
    if location_ids is not None:
        contacts = contacts.filter(location_id__in=location_ids)
    questions = HelpQuestion.objects.filter(contact__in=contacts)
    result = Figures(period)
    totals = contacts.aggregate(
        visits=Count("id"),
        average_minutes=Avg("minutes"),
        follow_ups=Count("id", filter=Q(follow_up=True)),
        referrals=Count(
            "id", filter=Q(referred_to__isnull=False) | Q(referred_service__isnull=False)
        ),
    )
    result.visits = totals["visits"]
    result.average_minutes = totals["average_minutes"]
    result.follow_ups, result.referrals = totals["follow_ups"], totals["referrals"]
    outcome_counts = dict(
        questions.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    result.questions = sum(outcome_counts.values())
    result.solved = result.questions - outcome_counts.get(NOT_SOLVED, 0)
    result.outcomes = [
        (str(outcome), outcome_counts.get(outcome.code, 0))
        for outcome in Outcome.objects.all()
        if outcome.is_active or outcome.code in outcome_counts
    ]
    channel_counts = dict(contacts.values_list("channel").annotate(n=Count("id")))
    result.channels = [
        (str(label), channel_counts.get(value, 0)) for value, label in Channel.choices
    ]
    result.themes = _named_counts(Theme, questions.values_list("theme").annotate(n=Count("id")))
    result.agencies = _named_counts(
        Agency,
        HelpQuestion.agencies.through.objects.filter(helpquestion__in=questions)
        .values_list("agency")
        .annotate(n=Count("id")),
    )
    # Named apart from the fields (an aggregate may not share a field's name in Django).
    survey = SurveyAnswer.objects.filter(contact__in=contacts).aggregate(
        n_answers=Count("id"),
        n_helped_yes=Count("id", filter=Q(helped=Helped.YES)),
        n_helped_partly=Count("id", filter=Q(helped=Helped.PARTLY)),
        n_would_return=Count("id", filter=Q(would_return=True)),
        n_asked_return=Count("id", filter=Q(would_return__isnull=False)),
        n_would_recommend=Count("id", filter=Q(would_recommend=True)),
        n_asked_recommend=Count("id", filter=Q(would_recommend__isnull=False)),
        n_returns_or_recommends=Count("id", filter=Q(returns_or_recommends=True)),
        n_asked_returns_or_recommends=Count("id", filter=Q(returns_or_recommends__isnull=False)),
        n_average_mark=Avg("mark"),
    )
    for name, value in survey.items():
        setattr(result, name.removeprefix("n_"), value)
    return result


def _named_counts(model, rows) -> list[tuple[str, int]]:
    counts = dict(rows)
    names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=counts)}
    return sorted(((names[pk], n) for pk, n in counts.items()), key=lambda row: (-row[1], row[0]))


def year_summary(figures_now: Figures, location_name: str, before: Figures | None = None) -> str:
    """The short text for the council, e.g. "In 2026 hielp het informatiepunt ..."."""
    parts = [
        _(
            "In %(year)s hielp het informatiepunt (%(where)s) %(visits)s keer iemand met in "
            "totaal %(questions)s vragen."
        )
        % {
            "year": figures_now.period.start.year,
            "where": location_name,
            "visits": figures_now.visits,
            "questions": figures_now.questions,
        }
    ]
    if before is not None and before.visits:
        parts.append(
            _("Een jaar eerder waren dat %(visits)s bezoeken en %(questions)s vragen.")
            % {"visits": before.visits, "questions": before.questions}
        )
    if figures_now.helped_share is not None:
        parts.append(
            _(
                "%(share)s%% van wie de vragenlijst invulde, zegt geholpen te zijn; "
                "%(partly)s%% zegt een beetje."
            )
            % {
                "share": _number(figures_now.helped_share),
                "partly": _number(figures_now.partly_share),
            }
        )
    if figures_now.average_mark is not None:
        parts.append(
            _("Het gemiddelde cijfer is %(mark)s.") % {"mark": _number(figures_now.average_mark)}
        )
    if figures_now.questions:
        parts.append(
            _("%(share)s%% van de vragen is opgelost of goed doorverwezen.")
            % {"share": _number(figures_now.solved_share)}
        )
    return " ".join(parts)


def _number(value: float) -> str:
    return number_format(round(value, 1), 1)


@dataclass(frozen=True)
class Signal:
    agency: str
    questions: int
    unsolved: int
    themes: list[tuple[str, int, int]]  # (theme, questions, unsolved)


def signals(location_ids: list[int] | None, period: Period) -> list[Signal]:
    """Per agency: which themes people came with, and how many were not solved."""
    start, end = period.bounds()
    links = HelpQuestion.agencies.through.objects.filter(
        helpquestion__contact__started_at__gte=start, helpquestion__contact__started_at__lt=end
    )
    if location_ids is not None:
        links = links.filter(helpquestion__contact__location_id__in=location_ids)
    rows = links.values_list("agency", "helpquestion__theme").annotate(
        n=Count("id"), unsolved=Count("id", filter=Q(helpquestion__outcome=NOT_SOLVED))
    )
    agencies = {a.pk: str(a) for a in Agency.objects.all()}
    themes = {t.pk: str(t) for t in Theme.objects.all()}
    grouped: dict[int, list[tuple[str, int, int]]] = {}
    for agency_id, theme_id, n, unsolved in rows:
        grouped.setdefault(agency_id, []).append((themes[theme_id], n, unsolved))
    result = [
        Signal(
            agencies[agency_id],
            sum(n for _t, n, _u in rows_),
            sum(u for _t, _n, u in rows_),
            sorted(rows_, key=lambda r: (-r[2], -r[1], r[0])),
        )
        for agency_id, rows_ in grouped.items()
    ]
    return sorted(result, key=lambda s: (-s.unsolved, -s.questions, s.agency))


def comments(location_ids: list[int] | None, period: Period, limit: int = 50) -> list[tuple]:
    """What visitors wrote, newest first: (date, mark, comment), without the visit."""
    start, end = period.bounds()
    answers = SurveyAnswer.objects.filter(
        contact__started_at__gte=start, contact__started_at__lt=end
    ).exclude(comment="")
    if location_ids is not None:
        answers = answers.filter(contact__location_id__in=location_ids)
    return list(
        answers.order_by("-created_at").values_list("created_at", "mark", "comment")[:limit]
    )


# The appointments' reads (help point and hub, one booking mechanism), in their own module.
from digiketen.helpdesk.selectors.appointments import (  # noqa: E402
    BOOK_AHEAD,
    BOOKABLE_DAYS,
    appointments,
    bookable_days,
    bookable_places,
    bookable_slots,
    bookable_times,
    check_appointment_of,
    check_appointments,
    day_list,
    free_check_times,
    helpers_at,
    managed_appointment,
    open_slots,
)

__all__ = [
    "BOOKABLE_DAYS",
    "BOOK_AHEAD",
    "appointments",
    "bookable_days",
    "bookable_places",
    "bookable_slots",
    "bookable_times",
    "check_appointment_of",
    "check_appointments",
    "day_list",
    "free_check_times",
    "helpers_at",
    "managed_appointment",
    "open_slots",
]
