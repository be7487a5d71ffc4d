"""The forms of a rendered page: where they post to and which fields (with the values
they offer, for choices) they hold."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> offered values


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = Form(action=attrs.get("action") or "", method=method)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag in ("input", "textarea", "select", "button") and name:
            offered = self._form.fields.setdefault(name, [])
            if tag == "input" and attrs.get("type") in ("radio", "checkbox", "hidden", "submit"):
                offered.append(attrs.get("value", "on"))
            if tag == "button" and "value" in attrs:
                offered.append(attrs["value"])
            self._select = name if tag == "select" else self._select
        elif tag == "option" and self._select:
            self._form.fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def page_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def csrf_token(forms: list[Form]) -> str:
    for form in forms:
        if form.fields.get("csrfmiddlewaretoken"):
            return form.fields["csrfmiddlewaretoken"][0]
    raise AssertionError("the page has a POST form without a CSRF token")
