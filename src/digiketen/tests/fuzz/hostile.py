"""Hostile input for the fuzz suite: text, query strings, JSON bodies and form data that a
careless or malicious client may send, and the hypothesis settings every fuzz test uses.

Values are drawn the way they reach Django over HTTP: query strings and paths percent-encoded
(invalid UTF-8 is a `%FF`, as a real client sends it), bodies as raw bytes.
"""

import json
import os
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

# Examples that failed once are tried first next time; the folder is in .gitignore.
DATABASE = DirectoryBasedExampleDatabase(Path(__file__).resolve().parents[4] / ".hypothesis")
_COMMON = {
    "deadline": None,
    "database": DATABASE,
    # One database per test, rolled back per example (see conftest.fresh_example).
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
# `make test` runs the fast profile; `make fuzz` the deep one (FUZZ_PROFILE=deep).
# The fast profile draws the same examples on every run, so that `make test` (and CI) only
# turns red when the code changed, not when a new draw finds an old weakness: finding those
# is what `make fuzz` is for. It does not shrink: a failure shows the input as drawn;
# `make fuzz` draws afresh and finds the smallest one.
settings.register_profile(
    "fuzz-fast",
    max_examples=8,
    phases=[Phase.explicit, Phase.generate],
    **{**_COMMON, "database": None},
    derandomize=True,
)
settings.register_profile("fuzz-deep", max_examples=300, **_COMMON)
PROFILE = f"fuzz-{os.environ.get('FUZZ_PROFILE', 'fast')}"
fuzz_settings = settings(settings.get_profile(PROFILE))

HUGE = 100_000
NUL = "\x00"
# C0 and C1 control characters, DEL, and a few characters that confuse text handling:
# the byte-order mark, right-to-left override, line and paragraph separators.
CONTROL = "".join(map(chr, [*range(32), 127, *range(0x80, 0xA0)])) + "\ufeff\u202e\u2028\u2029"
NASTY = [
    "",
    NUL,
    f"a{NUL}b",
    NUL * 20,
    "\r\n\r\nSet-Cookie: x=1",
    "%00",
    "%",
    "%zz",
    "../../../etc/passwd",
    "' OR '1'='1' --",
    '"><script>alert(1)</script>',
    "{{ 7|add:7 }}{% debug %}",
    "${jndi:ldap://x}",
    "-1",
    "0",
    "99999999999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "0000-00-00",
    "9999-12-31T23:59:59+99:99",
    "\u0130\u0131\ufb03",  # characters whose case change alters their length
    "😀" * 50,
    "\u202eevil",
]
BAD_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80abc", b"\xc0\xaf"]

control_text = st.text(alphabet=st.sampled_from(CONTROL + "aZ9 -_.é€😀"), min_size=1, max_size=40)
huge_text = st.builds(
    lambda chunk, size: (chunk * (size // len(chunk) + 1))[:size],
    st.sampled_from(["a", NUL, "é", "😀", "<>", "a\x00\x1f"]),
    st.sampled_from([4_096, 65_536, HUGE]),
)
# Lone surrogates cannot be sent over HTTP at all (not even by a hostile client): left out.
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
hostile_text = st.one_of(st.sampled_from(NASTY), control_text, huge_text, any_text)


def encoded(value: str | bytes) -> str:
    """A value percent-encoded for a path segment or query string."""
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value, safe="")


# A query-string value: hostile text, or raw bytes that are not UTF-8.
query_value = st.one_of(
    hostile_text.map(encoded),
    st.sampled_from(BAD_UTF8).map(encoded),
    st.binary(max_size=20).map(encoded),
)


@st.composite
def hostile_query(draw, names=()) -> str:
    """A raw query string: known parameter names (repeated at times) and made-up ones, with
    hostile values; sometimes thousands of fields or a malformed string."""
    raw = draw(
        st.one_of(
            st.just(""),
            st.sampled_from(["&&&", "=", "a=1=2", "%", "%%%%", "a[]=1&a[]=", ";;;", "?"]),
            st.just("a=1&" * 2_000),
            st.sampled_from(BAD_UTF8).map(lambda b: encoded(b) + "=" + encoded(b)),
        )
    )
    keys = st.one_of(st.sampled_from(list(names) or ["q"]), hostile_text.map(encoded))
    pairs = draw(st.lists(st.tuples(keys, query_value), max_size=6))
    return "&".join([raw, *(f"{key}={value}" for key, value in pairs)]).strip("&")


def deeply_nested(depth: int, kind: str) -> bytes:
    if kind == "array":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
# Any JSON value, with the wrong types in the wrong places.
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(hostile_text, inner, max_size=5)
    ),
    max_leaves=20,
)


@st.composite
def hostile_json_body(draw) -> bytes:
    """Bytes sent as a JSON body that no schema allows: nested thousands deep, not JSON,
    invalid UTF-8, huge arrays, NaN, a lone value of the wrong type."""
    return draw(
        st.one_of(
            st.builds(
                deeply_nested,
                st.sampled_from([1_000, 5_000, 100_000]),
                st.sampled_from(["array", "object"]),
            ),
            st.sampled_from(
                [
                    b"",
                    b"{",
                    b"nul\x00",
                    b'{"a": NaN, "b": Infinity}',
                    b'{"a": 1e999999}',
                    b'"\\ud800"',
                    b"\xef\xbb\xbf{}",
                    b"[]" * 5,
                    b'{"a":1,"a":2}',
                    b"\x00" * 64,
                ]
            ),
            st.sampled_from(BAD_UTF8).map(lambda b: b'{"collectorVersion": "' + b + b'"}'),
            st.just(b"[" + b"0," * 200_000 + b"0]"),
            json_value.map(lambda v: json.dumps(v).encode()),
        )
    )


@st.composite
def form_data(draw, fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """POST data for a form whose fields and offered choices are `fields`: each field left
    out, given one of its own choices, or given hostile text (once or many times); plus
    made-up fields."""
    data = {}
    for name, choices in fields.items():
        option = st.sampled_from(choices) if choices else hostile_text
        values = draw(
            st.one_of(
                st.just([]),
                st.lists(option, min_size=1, max_size=2),
                st.lists(hostile_text, min_size=1, max_size=2),
                st.just(["x"] * 200),
            )
        )
        if values:
            data[name] = values
    for name, value in draw(st.lists(st.tuples(hostile_text, hostile_text), max_size=2)):
        data.setdefault(name or "x", []).append(value)
    return data
