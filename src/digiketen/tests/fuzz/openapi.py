"""The committed OpenAPI documents as lists of operations, and requests drawn from them.

/api/v1 is described by docs/api/openapi.json (the document `make openapi-check` keeps
current); /api/hsds/ by the HSDS 3.0 OpenAPI document of Open Referral, committed beside the
HSDS schemas the API's answers are checked against.
"""

import gzip
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from digiketen.tests.fuzz import hostile

REPO = Path(__file__).resolve().parents[4]
DOCUMENTS = {
    "/api/v1": REPO / "docs" / "api" / "openapi.json",
    "/api/hsds": REPO
    / "src"
    / "digiketen"
    / "directory"
    / "tests"
    / "fixtures"
    / "hsds"
    / "openapi.json.gz",
}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# The HSDS document names a format JSON Schema does not know.
FORMATS = {
    "datetime": st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
}


@dataclass(frozen=True)
class Operation:
    method: str
    base: str
    template: str  # the document's path, e.g. /devices/{assetTag}/captures
    parameters: tuple = ()
    body_schema: dict | None = None
    secured: bool = False
    components: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.base}{self.template}"

    def url(self, path_values: dict[str, str]) -> str:
        path = self.template
        for name, value in path_values.items():
            path = path.replace("{" + name + "}", value)
        # The HSDS root is served at /api/hsds/; the other paths have no trailing slash.
        return self.base + (path if path != "/" else "/")


def _load(path: Path) -> dict:
    raw = path.read_bytes()
    return json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)


def resolve(document: dict, node):
    """Follow local `$ref`s (#/components/...) until a real node is reached."""
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations() -> list[Operation]:
    found = []
    for base, path in DOCUMENTS.items():
        document = _load(path)
        for template, item in document["paths"].items():
            shared = [resolve(document, p) for p in item.get("parameters", [])]
            for method in METHODS:
                if method not in item:
                    continue
                spec = item[method]
                own = [resolve(document, p) for p in spec.get("parameters", [])]
                mine = {(p["name"], p["in"]): p for p in [*shared, *own]}
                content = resolve(document, spec.get("requestBody", {})).get("content", {})
                body = content.get("application/json", {}).get("schema")
                found.append(
                    Operation(
                        method=method,
                        base=base,
                        template=template,
                        parameters=tuple(
                            (p["name"], p["in"], json.dumps(p.get("schema", {})))
                            for p in mine.values()
                        ),
                        body_schema=body,
                        secured=bool(spec.get("security", document.get("security"))),
                        components=document.get("components", {}),
                    )
                )
    return found


def _schema_strategy(schema: dict, components: dict) -> st.SearchStrategy:
    schema = _resolved(schema, components)
    if schema.get("type") == "object" or "properties" in schema:
        # hypothesis-jsonschema 0.23.1 cannot draw objects with the hypothesis we pin ("'many'
        # object has no attribute 'more'"): objects are put together here, their values drawn
        # by it as before.
        return _objects(schema, components)
    if schema.get("type") == "array":
        items = schema.get("items", {})
        return st.lists(_schema_strategy(items, components), max_size=5)
    return from_schema({**schema, "components": components}, custom_formats=FORMATS)


def _resolved(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        *_path, name = schema["$ref"].split("/")
        schema = components.get("schemas", {}).get(name, {})
    return schema


@st.composite
def _objects(draw, schema: dict, components: dict) -> dict:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    value = {}
    for name, sub in properties.items():
        if name in required or draw(st.booleans()):
            value[name] = draw(_schema_strategy(sub, components))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and (not properties or draw(st.booleans())):
        keys = st.text(min_size=1, max_size=30)
        value |= draw(st.dictionaries(keys, _schema_strategy(extra, components), max_size=4))
    return value


def _known(operation: Operation, name: str, known: dict[str, list[str]]) -> list[str]:
    return known.get(f"{operation.base}{operation.template}.{name}") or known.get(name) or []


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


@dataclass
class DrawnRequest:
    method: str
    url: str
    query: str
    body: bytes | None
    content_type: str | None


@st.composite
def requests(draw, operation: Operation, known_values: dict[str, list[str]]) -> DrawnRequest:
    """A request for `operation`: parameters and body from its schemas, or hostile ones;
    sometimes another method than the document declares."""
    path_values, query = {}, []
    for name, where, schema_json in operation.parameters:
        schema = json.loads(schema_json)
        valid = st.one_of(
            _schema_strategy(schema, operation.components).map(_as_text),
            *[st.sampled_from(real) for real in [_known(operation, name, known_values)] if real],
        )
        value = st.one_of(valid.map(hostile.encoded), hostile.query_value)
        if where == "path":
            path_values[name] = draw(value)
        elif where == "query" and draw(st.booleans()):
            query.append(f"{name}={draw(value)}")
    names = [name for name, where, _s in operation.parameters if where == "query"]
    if draw(st.booleans()):
        query.append(draw(hostile.hostile_query(names)))
    method = draw(st.one_of(st.just(operation.method), st.sampled_from(METHODS)))
    body, content_type = None, None
    if method in ("post", "put", "patch"):
        if operation.body_schema is not None and draw(st.booleans()):
            value = draw(_schema_strategy(operation.body_schema, operation.components))
            body = json.dumps(value).encode()
        else:
            body = draw(hostile.hostile_json_body())
        content_type = draw(
            st.sampled_from(
                [
                    "application/json",
                    "application/json; charset=latin-1",
                    "application/problem+json",
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                    "multipart/form-data; boundary=x",
                    "application/json\x00",
                ]
            )
        )
    return DrawnRequest(
        method=method,
        url=operation.url(path_values),
        query="&".join(q for q in query if q),
        body=body,
        content_type=content_type,
    )
