import io
import json
import logging
import urllib.error

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from digiketen.core import sms
from digiketen.core.tests.test_security import PRODUCTION_ENV, _manage

CM_BACKEND = "digiketen.core.sms.CMBackend"
ACCEPTED = {
    "details": "Created 1 message(s)",
    "errorCode": 0,
    "messages": [{"to": "0031612345678", "status": "Accepted", "messageErrorCode": 0}],
}


class FakeCM:
    """Stands in for urllib.request.urlopen: records requests, answers or raises."""

    def __init__(self, answer=ACCEPTED, error: Exception | None = None):
        self.answer, self.error, self.requests = answer, error, []

    def __call__(self, request, timeout):
        self.requests.append((request, timeout))
        if self.error is not None:
            raise self.error
        raw = self.answer if isinstance(self.answer, bytes) else json.dumps(self.answer).encode()
        return io.BytesIO(raw)

    @property
    def payload(self):
        return json.loads(self.requests[-1][0].data)


@pytest.fixture
def cm(settings, monkeypatch):
    settings.SMS_BACKEND = CM_BACKEND
    settings.SMS_CM_PRODUCT_TOKEN = "00000000-0000-0000-0000-000000000000"
    settings.SMS_SENDER = "Digiketen"
    settings.SMS_TIMEOUT = 7

    def install(**kwargs):
        fake = FakeCM(**kwargs)
        monkeypatch.setattr("digiketen.core.sms.urllib.request.urlopen", fake)
        return fake

    return install


def cm_refusal(code: int, details: str, status: int = 400) -> urllib.error.HTTPError:
    body = json.dumps({"details": details, "errorCode": code, "messages": []}).encode()
    return urllib.error.HTTPError(sms.CM_URL, status, "Bad Request", None, io.BytesIO(body))


# Backends chosen by SMS_BACKEND


def test_tests_collect_messages_in_the_outbox_in_international_format():
    sms.send_sms(to="06-1234 5678", body="Uw laptop ligt klaar.")
    assert sms.outbox == [("+31612345678", "Uw laptop ligt klaar.")]


def test_invalid_number_is_refused_before_any_backend_sends():
    with pytest.raises(sms.SMSError):
        sms.send_sms(to="020-1234567", body="Uw laptop ligt klaar.")
    assert sms.outbox == []


def test_empty_message_is_refused():
    with pytest.raises(sms.SMSError):
        sms.send_sms(to="0612345678", body="   ")
    assert sms.outbox == []


def test_console_backend_writes_the_message_to_the_log(settings, caplog):
    settings.SMS_BACKEND = "digiketen.core.sms.ConsoleBackend"
    with caplog.at_level(logging.INFO, logger="digiketen.sms"):
        sms.send_sms(to="0612345678", body="Afspraak morgen om 10:00")
    [record] = [r for r in caplog.records if r.name == "digiketen.sms"]
    assert "NOT SENT" in record.getMessage()  # nobody mistakes the log for a delivery
    assert "+31612345678" in record.getMessage()
    assert "Afspraak morgen om 10:00" in record.getMessage()
    assert sms.outbox == []


# CM.com gateway


def test_cm_posts_the_message_with_token_sender_and_international_number(cm):
    fake = cm()
    sms.send_sms(to="06 12 34 56 78", body="Uw laptop ligt klaar. Groet, de Cyberbank")
    [(request, timeout)] = fake.requests
    assert request.full_url == "https://gw.cmtelecom.com/v1.0/message"
    assert request.get_method() == "POST"
    assert request.get_header("Content-type").startswith("application/json")
    assert timeout == 7
    messages = fake.payload["messages"]
    assert messages["authentication"] == {"productToken": "00000000-0000-0000-0000-000000000000"}
    [msg] = messages["msg"]
    assert msg["from"] == "Digiketen"
    assert msg["to"] == [{"number": "+31612345678"}]
    assert msg["body"] == {"type": "auto", "content": "Uw laptop ligt klaar. Groet, de Cyberbank"}
    assert msg["maximumNumberOfMessageParts"] > 1  # a long message is not cut off after 160
    assert msg["reference"]


def test_cm_gives_each_message_its_own_reference(cm):
    fake = cm()
    sms.send_sms(to="0612345678", body="een")
    first = fake.payload["messages"]["msg"][0]["reference"]
    sms.send_sms(to="0612345678", body="twee")
    assert fake.payload["messages"]["msg"][0]["reference"] != first


def test_cm_refusal_over_http_raises_with_cm_explanation(cm):
    cm(error=cm_refusal(101, "Authentication of the request failed"))
    with pytest.raises(sms.SMSError, match="Authentication of the request failed") as exc:
        sms.send_sms(to="0612345678", body="Hallo")
    assert "400" in str(exc.value)


def test_cm_server_error_without_json_still_raises(cm):
    error = urllib.error.HTTPError(sms.CM_URL, 503, "Service Unavailable", None, io.BytesIO(b""))
    cm(error=error)
    with pytest.raises(sms.SMSError, match="503"):
        sms.send_sms(to="0612345678", body="Hallo")


@pytest.mark.parametrize(
    "error",
    [urllib.error.URLError("Name or service not known"), TimeoutError("timed out")],
    ids=["unreachable", "timeout"],
)
def test_cm_network_failure_raises(cm, error):
    cm(error=error)
    with pytest.raises(sms.SMSError, match="could not be reached"):
        sms.send_sms(to="0612345678", body="Hallo")


def test_cm_error_code_in_the_answer_raises(cm):
    cm(answer={"details": "Insufficient balance", "errorCode": 102, "messages": []})
    with pytest.raises(sms.SMSError, match="Insufficient balance"):
        sms.send_sms(to="0612345678", body="Hallo")


def test_cm_answer_without_error_code_zero_raises(cm):
    cm(answer={"details": "?"})
    with pytest.raises(sms.SMSError):
        sms.send_sms(to="0612345678", body="Hallo")


def test_cm_answer_that_is_not_json_raises(cm):
    cm(answer=b"<html>maintenance</html>")
    with pytest.raises(sms.SMSError):
        sms.send_sms(to="0612345678", body="Hallo")


def test_cm_without_product_token_raises_without_calling_cm(cm, settings):
    fake = cm()
    settings.SMS_CM_PRODUCT_TOKEN = ""
    with pytest.raises(sms.SMSError, match="SMS_CM_PRODUCT_TOKEN"):
        sms.send_sms(to="0612345678", body="Hallo")
    assert fake.requests == []


@pytest.mark.parametrize("sender", ["Digitale Inclusie", "", "digi-keten"])
def test_cm_refuses_a_sender_phones_cannot_show(cm, settings, sender):
    fake = cm()
    settings.SMS_SENDER = sender
    with pytest.raises(sms.SMSError, match="SMS_SENDER"):
        sms.send_sms(to="0612345678", body="Hallo")
    assert fake.requests == []


def test_cm_backend_called_directly_still_normalises_the_number(cm):
    fake = cm()
    sms.CMBackend().send("0031612345678", "Hallo")
    assert fake.payload["messages"]["msg"][0]["to"] == [{"number": "+31612345678"}]


def test_production_refuses_cm_backend_without_token():
    result = _manage("check", env=PRODUCTION_ENV | {"SMS_CM_PRODUCT_TOKEN": ""})
    assert result.returncode != 0
    assert "SMS_CM_PRODUCT_TOKEN" in result.stderr
    configured = PRODUCTION_ENV | {"SMS_BACKEND": CM_BACKEND, "SMS_CM_PRODUCT_TOKEN": "token"}
    assert _manage("check", env=configured).returncode == 0


def test_production_has_no_default_sms_backend():
    without = {k: v for k, v in PRODUCTION_ENV.items() if k != "SMS_BACKEND"}
    result = _manage("check", env=without)
    assert result.returncode != 0
    assert "Set SMS_BACKEND" in result.stderr


def test_production_refuses_the_console_backend_that_would_log_invitation_links():
    console = PRODUCTION_ENV | {"SMS_BACKEND": "digiketen.core.sms.ConsoleBackend"}
    result = _manage("check", env=console)
    assert result.returncode != 0
    assert "console SMS backend is for development" in result.stderr


def test_console_backend_outside_development_fails_instead_of_pretending(settings, caplog):
    settings.SMS_BACKEND = "digiketen.core.sms.ConsoleBackend"
    settings.DEBUG = settings.DEMO_MODE = False
    with (
        caplog.at_level(logging.INFO, logger="digiketen.sms"),
        pytest.raises(sms.SMSError, match="only works in development"),
    ):
        sms.send_sms(to="0612345678", body="Kies een tijd: https://example.nl/ophalen/geheim")
    assert "geheim" not in caplog.text


# Number normalisation


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("0612345678", "+31612345678"),
        ("06-12345678", "+31612345678"),
        (" 06 1234 5678 ", "+31612345678"),
        ("(06) 12 34 56 78", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("00 31 6 12345678", "+31612345678"),
        ("+31612345678", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("+31 (0)6 12345678", "+31612345678"),
        ("+31 06 12345678", "+31612345678"),
        ("0684123456", "+31684123456"),
        ("+32 470 12 34 56", "+32470123456"),  # Belgian mobile kept as it is
        ("0049 151 23456789", "+4915123456789"),  # 00 abroad becomes +
    ],
)
def test_international_number(settings, number, expected):
    settings.SMS_COUNTRY_CODES = ["32", "49"]
    assert sms.international_number(number) == expected


def test_foreign_numbers_need_their_country_allowed(settings):
    settings.SMS_COUNTRY_CODES = ["32"]
    assert sms.international_number("+32 470 12 34 56") == "+32470123456"
    with pytest.raises(sms.SMSError, match="SMS_COUNTRY_CODES"):
        sms.international_number("+44 7400 123456")  # a British mobile


@pytest.mark.parametrize(
    "number",
    [
        "",
        "020-1234567",  # Amsterdam landline
        "+31 20 1234567",
        "0031201234567",
        "0800-1234",  # free service number
        "0661234567",  # pager
        "061234567",  # one digit short
        "06123456789",  # one digit too many
        "612345678",  # without 0 or country code
        "31612345678",  # country code without + or 00
        "06-CALL-ME",
        "+0612345678",
        "+1234",
        "+1234567890123456",  # longer than E.164 allows
    ],
)
def test_international_number_refuses_what_is_not_a_mobile_number(number):
    with pytest.raises(sms.SMSError):
        sms.international_number(number)


# 061-065 and 068 are mobile ranges; 066 is for pagers, 067 for dial-up, 069 unassigned.
dutch_subscriber = st.from_regex(r"[1-58][0-9]{7}", fullmatch=True)
separator = st.sampled_from(["", " ", "-", ".", " - "])


# The library loads a country's numbering plan on first use, which can outlast a deadline.
@hypothesis_settings(deadline=None)
@given(subscriber=dutch_subscriber, sep=separator, prefix=st.sampled_from(["06", "+316", "00316"]))
def test_every_way_of_writing_a_dutch_mobile_gives_the_same_number(subscriber, sep, prefix):
    written = prefix + sep + sep.join([subscriber[:2], subscriber[2:5], subscriber[5:]])
    assert sms.international_number(written) == "+316" + subscriber


abroad = st.from_regex(r"(\+|00)[1-9][0-9]{7,14}", fullmatch=True).filter(
    lambda n: not n.lstrip("+0").startswith("31")
)


@hypothesis_settings(deadline=None)
@given(number=abroad | st.from_regex(r"06[1-58][0-9]{7}", fullmatch=True))
@override_settings(SMS_COUNTRY_CODES=[str(code) for code in range(1, 1000)])  # all countries
def test_normalising_twice_changes_nothing(number):
    try:
        once = sms.international_number(number)
    except sms.SMSError:
        return  # most random digits are no mobile number anywhere
    assert once.startswith("+")
    assert sms.international_number(once) == once


@pytest.mark.parametrize(
    "number",
    ["0691234567", "+44 7700 900123", "+32 2 555 12 12"],  # unassigned, drama range, landline
)
def test_library_refuses_numbers_no_mobile_can_have(settings, number):
    settings.SMS_COUNTRY_CODES = ["32", "44"]
    with pytest.raises(sms.SMSError, match="Not a mobile number"):
        sms.international_number(number)


def test_american_numbers_count_as_textable_where_the_plan_cannot_tell(settings):
    settings.SMS_COUNTRY_CODES = ["1"]
    assert sms.international_number("+1 202 555 0143") == "+12025550143"
