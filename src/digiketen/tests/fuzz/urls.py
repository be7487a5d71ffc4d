"""The project's URL patterns, flattened, and URLs drawn for them: path converters filled with
real values, values the converter accepts, and hostile text (which mostly must give 404)."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

from digiketen.tests.fuzz import hostile

CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")
# i18n_patterns: Dutch without a prefix, English under /en/.
LANGUAGE_PREFIXES = ("", "en/")


@dataclass(frozen=True)
class Route:
    route: str  # e.g. hulp-zoeken/hulp/<uuid:uuid>
    name: str
    public: bool
    translated: bool
    regexes: tuple  # (parameter name, converter regex)

    @property
    def id(self) -> str:
        return self.name


def _walk(patterns, prefix="", namespace="", translated=False):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                inner.lstrip(":"),
                translated or type(pattern.pattern).__name__ == "LocalePrefixPattern",
            )
        elif isinstance(pattern, URLPattern):
            converters = getattr(pattern.pattern, "converters", {})
            yield Route(
                route=prefix + str(pattern.pattern),
                name=f"{namespace}:{pattern.name}".lstrip(":"),
                public=getattr(pattern.callback, "two_factor_exempt", False),
                translated=translated,
                regexes=tuple((name, c.regex) for name, c in converters.items()),
            )


def values_for(route: Route, name: str, known: dict[str, list[str]]) -> list[str]:
    """Real values for a parameter: those known for this route first, else for the name."""
    return known.get(f"{route.name}.{name}") or known.get(name) or []


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


@st.composite
def urls(draw, route: Route, known: dict[str, list[str]]) -> str:
    values = {}
    for name, regex in route.regexes:
        options = [st.from_regex(f"^(?:{regex})$"), hostile.hostile_text]
        if real := values_for(route, name, known):
            options.insert(0, st.sampled_from(real))
        values[name] = hostile.encoded(draw(st.one_of(options)))

    def fill(match: re.Match) -> str:
        return values[match["name"]]

    prefix = draw(st.sampled_from(LANGUAGE_PREFIXES)) if route.translated else ""
    return "/" + prefix + CONVERTER.sub(fill, route.route)


def real_url(route: Route, known: dict[str, list[str]]) -> str | None:
    """The route filled with real values; None when the world has no value for one."""
    values = {}
    for name, _regex in route.regexes:
        if not (real := values_for(route, name, known)):
            return None
        values[name] = hostile.encoded(real[0])
    # A page whose form needs a query, e.g. the invitation's times of one chosen day.
    query = known.get(f"{route.name}?")
    return (
        "/"
        + CONVERTER.sub(lambda m: values[m["name"]], route.route)
        + (f"?{query[0]}" if query else "")
    )
