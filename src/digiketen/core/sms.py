"""Text messages (SMS) through a pluggable backend, like Django's e-mail backends.

``settings.SMS_BACKEND`` names the backend class (a dotted path): ``ConsoleBackend`` writes to the
log (development), ``LocmemBackend`` collects messages in ``outbox`` (tests) and ``CMBackend``
sends through the CM.com gateway (production). A backend has one method, ``send(to, body)``,
which receives the number in international format and raises :class:`SMSError` on failure.
"""

import json
import logging
import re
import urllib.error
import urllib.request
import uuid

import phonenumbers
from django.conf import settings
from django.utils.module_loading import import_string
from phonenumbers import PhoneNumberType

logger = logging.getLogger("digiketen.sms")

CM_URL = "https://gw.cmtelecom.com/v1.0/message"
# CM sends one part (160 GSM characters, 70 in Unicode) unless more are allowed; 8 is its maximum.
CM_MAX_PARTS = 8
# A sender is a name of at most 11 letters/digits, or a phone number of at most 16 digits.
SENDER = re.compile(r"[A-Za-z0-9]{1,11}|\+?[0-9]{1,16}")

# Messages sent with LocmemBackend, as (number, body); tests empty it with outbox.clear().
outbox: list[tuple[str, str]] = []


class SMSError(Exception):
    """The message was not sent: not a mobile number, misconfiguration, gateway or network."""


# A number must say where it belongs: a trunk 0 (Dutch), or 00 or + (international). Without
# one, '612345678' or '31612345678' is a guess the library would make for us.
_WRITTEN_WITH_PREFIX = re.compile(r"^[\s(]*(\+|0)")
# Types a text message can reach; where a country's plan does not tell mobile from fixed
# numbers (the United States, for example), the library says FIXED_LINE_OR_MOBILE.
_TEXTABLE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def international_number(number: str) -> str:
    """'06-1234 5678', '+31 (0)6 12345678' and '0031612345678' -> '+31612345678' (E.164).

    The number is read by the phonenumbers library with the Netherlands as home region, so it
    knows which numbers are mobile (not 066 pagers, landlines or service numbers). Numbers
    abroad must be in a country of SMS_COUNTRY_CODES. Raise SMSError when the number cannot
    get a text message; the message does not repeat the number, so that it can be logged.
    """
    written = (number or "").strip()
    if not _WRITTEN_WITH_PREFIX.match(written):
        raise SMSError("Write the number with 0, 00 or + in front.")
    try:
        parsed = phonenumbers.parse(written, "NL")
    except phonenumbers.NumberParseException as exc:
        raise SMSError("Not a phone number.") from exc
    if not phonenumbers.is_valid_number(parsed) or (
        phonenumbers.number_type(parsed) not in _TEXTABLE
    ):
        raise SMSError("Not a mobile number.")
    if parsed.country_code != 31 and str(parsed.country_code) not in settings.SMS_COUNTRY_CODES:
        # Only countries the operator allows: texts to expensive foreign numbers cost money.
        raise SMSError("Not a mobile number in an allowed country (SMS_COUNTRY_CODES).")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def send_sms(*, to: str, body: str) -> None:
    """Send `body` to the mobile number `to` through settings.SMS_BACKEND.

    The number is normalised first (see international_number), so every backend, the test
    outbox included, sees '+316…'. Raise SMSError when the message cannot be sent.
    """
    number = international_number(to)
    if not body.strip():
        raise SMSError("The message is empty.")
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(number, body)


class ConsoleBackend:
    """Development: write the message to the log instead of sending it. Outside development
    and demo (where production settings refuse it) it refuses to pretend: the message fails."""

    def send(self, to: str, body: str) -> None:
        if not (settings.DEBUG or settings.DEMO_MODE):
            raise SMSError("The console SMS backend only works in development; set SMS_BACKEND.")
        logger.warning("SMS NOT SENT (console backend, development only) to %s:\n%s", to, body)


class LocmemBackend:
    """Tests: keep the message in the module's `outbox`."""

    def send(self, to: str, body: str) -> None:
        outbox.append((to, body))


class CMBackend:
    """Production: the CM.com Business Messaging gateway (JSON over HTTPS)."""

    url = CM_URL

    def send(self, to: str, body: str) -> None:
        token = settings.SMS_CM_PRODUCT_TOKEN
        if not token:
            raise SMSError("SMS_CM_PRODUCT_TOKEN is not set.")
        sender = settings.SMS_SENDER
        if not SENDER.fullmatch(sender):
            raise SMSError(
                "SMS_SENDER must be at most 11 letters and digits, or at most 16 digits."
            )
        reference = uuid.uuid4().hex
        request = urllib.request.Request(  # noqa: S310 - fixed https URL
            self.url,
            data=json.dumps(
                self.payload(
                    token=token,
                    sender=sender,
                    to=international_number(to),
                    body=body,
                    reference=reference,
                )
            ).encode(),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
                answer = json.load(response)
        except urllib.error.HTTPError as exc:
            raise SMSError(
                f"CM.com refused the message (HTTP {exc.code}): {_details(exc)}"
            ) from exc
        except (OSError, ValueError) as exc:  # unreachable, timeout, or an answer that is not JSON
            raise SMSError(f"CM.com could not be reached: {exc}") from exc
        if not isinstance(answer, dict) or answer.get("errorCode") != 0:
            raise SMSError(f"CM.com refused the message: {_describe(answer)}")
        logger.info("SMS %s accepted by CM.com", reference)

    @staticmethod
    def payload(*, token: str, sender: str, to: str, body: str, reference: str) -> dict:
        return {
            "messages": {
                "authentication": {"productToken": token},
                "msg": [
                    {
                        "allowedChannels": ["SMS"],
                        "from": sender,
                        "to": [{"number": to}],
                        "body": {"type": "auto", "content": body},
                        "minimumNumberOfMessageParts": 1,
                        "maximumNumberOfMessageParts": CM_MAX_PARTS,
                        "reference": reference,
                    }
                ],
            }
        }


def _describe(answer: object) -> str:
    """The error code and details of a CM answer, for the exception and the log."""
    if not isinstance(answer, dict):
        return "unexpected answer"
    parts = [f"errorCode {answer.get('errorCode')}"]
    if answer.get("details"):
        parts.append(str(answer["details"]))
    for message in answer.get("messages") or []:
        if isinstance(message, dict) and message.get("messageDetails"):
            parts.append(str(message["messageDetails"]))
    return "; ".join(parts)


def _details(exc: urllib.error.HTTPError) -> str:
    """CM explains a refusal (bad token, no credit, bad number) in the JSON body of the error."""
    try:
        return _describe(json.loads(exc.read()))
    except (OSError, ValueError):
        return str(exc.reason)
