"""Every public form, posted with hostile data: the page is opened first, as a browser does,
and its CSRF token sent back (sometimes mangled), so the view itself is reached. Never a 5xx.

The online application is a form in steps whose answers wait in the session: each example
walks all steps with hostile answers and then opens the summary page that shows them."""

import pytest
from django.test import Client
from hypothesis import strategies as st

from digiketen.tests.fuzz import forms, hostile
from digiketen.tests.fuzz import urls as fuzz_urls
from digiketen.tests.fuzz.conftest import check, fresh_example, fuzz_each

pytestmark = pytest.mark.fuzz

PUBLIC = [r for r in fuzz_urls.routes() if r.public and not r.route.startswith("api/")]
# Pages whose forms are fuzzed, checked so the suite cannot silently lose one.
EXPECTED_FORMS = {
    "accounts:login",
    "accounts:password-reset",
    "accounts:password-reset-confirm",
    "donations:donate",
    "applications:apply",
    "applications:apply-step",
    "applications:status",
    "applications:invitation",
    "helpdesk:book-time",
    "helpdesk:survey-start",
    "helpdesk:survey",
    "learning:signup",
    "learning:my-place",
}


def _encode_form(data: dict[str, list[str]], token: str | None, extra_raw: str) -> str:
    pairs = [] if token is None else [f"csrfmiddlewaretoken={hostile.encoded(token)}"]
    for name, values in data.items():
        pairs += [f"{hostile.encoded(name)}={hostile.encoded(value)}" for value in values]
    return "&".join([*pairs, extra_raw]).strip("&")


def _token(data, real: str) -> str | None:
    return data.draw(
        st.one_of(st.just(real), st.just(real), st.just(None), hostile.hostile_text), label="csrf"
    )


def _post(client, data, url: str, fields: dict[str, list[str]], token: str):
    """Post drawn data for `fields` to `url`: as a urlencoded body (with raw invalid UTF-8 at
    times) or as multipart, the two encodings browsers use."""
    values = data.draw(hostile.form_data(fields), label=f"data for {url}")
    sent_token = _token(data, token)
    if data.draw(st.booleans(), label="urlencoded"):
        raw = data.draw(st.one_of(st.just(""), hostile.hostile_query()), label="raw")
        response = client.post(
            url,
            _encode_form(values, sent_token, raw),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        if sent_token is not None:
            values["csrfmiddlewaretoken"] = [sent_token]
        response = client.post(url, values)
    check(response, url)
    return response


def _open(client, url: str):
    page = client.get(url, follow=True)
    check(page, url)
    final = page.redirect_chain[-1][0] if page.redirect_chain else url
    return final, forms.page_forms(page.content.decode("utf-8", "replace"))


def _fields(form: forms.Form) -> dict[str, list[str]]:
    return {name: offered for name, offered in form.fields.items() if name != "csrfmiddlewaretoken"}


def test_every_public_form_is_fuzzed(world):
    """The pages below are those with a POST form a visitor can reach; a new one must be
    added to EXPECTED_FORMS (and so gets fuzzed)."""
    found = set()
    for route in PUBLIC:
        url = fuzz_urls.real_url(route, world.known)
        if url is None:
            continue
        # Not following redirects: a page that sends the visitor on has no form of its own.
        page = Client().get(url)
        page_forms = forms.page_forms(page.content.decode("utf-8", "replace"))
        if any(f.method == "post" for f in page_forms):
            found.add(route.name)
    # Django's reset link first moves its token out of the URL, then shows the form.
    assert found == EXPECTED_FORMS - {"accounts:password-reset-confirm"}


def test_every_public_form_never_fails_on_hostile_data(world):
    routes = [r for r in PUBLIC if r.name in EXPECTED_FORMS]

    def example(route, data):
        with fresh_example():
            client = Client(enforce_csrf_checks=True)
            prefix = data.draw(st.sampled_from(fuzz_urls.LANGUAGE_PREFIXES), label="language")
            url = "/" + prefix + fuzz_urls.real_url(route, world.known)[1:]
            final, page_forms = _open(client, url)
            token = forms.csrf_token(page_forms)
            for form in (f for f in page_forms if f.method == "post"):
                _post(client, data, form.action or final, _fields(form), token)

    fuzz_each(routes, example)


def test_the_application_steps_never_fail_on_hostile_answers(world):
    from digiketen.applications.forms.applying import STEPS

    steps = []
    for slug, _title, form_class in STEPS:
        fields = {}
        for name, field in form_class().fields.items():
            choices = getattr(field, "choices", None)
            fields[name] = [str(value) for value, _label in choices] if choices else []
        steps.append((slug, fields))

    class Walk:
        id = "applications:apply (all steps)"

    def example(_walk, data):
        with fresh_example():
            client = Client(enforce_csrf_checks=True)
            _final, page_forms = _open(client, "/laptop-aanvragen")
            token = forms.csrf_token(page_forms)
            for slug, fields in steps:
                _post(client, data, f"/laptop-aanvragen/{slug}", fields, token)
            check(client.get(f"/laptop-aanvragen/{steps[-1][0]}"), "summary")

    fuzz_each([Walk()], example)
