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

from django.conf import settings
from django.utils.module_loading import import_string

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


_SEPARATORS = re.compile(r"[\s\-./()]")
# Dutch mobile numbers are 06 plus 8 digits; 066 is for pagers and 067 for dial-up access.
_DUTCH_MOBILE = re.compile(r"6[1-589][0-9]{7}")
# E.164: a country code that does not start with 0, at most 15 digits in all.
_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{7,14}")


def international_number(number: str) -> str:
    """'06-1234 5678', '+31 (0)6 12345678' and '0031612345678' -> '+31612345678'.

    Numbers abroad keep their '+' or get one for a leading '00'. Raise SMSError when the number
    is not plausibly a mobile number (a Dutch landline, too short, letters). The message does not
    repeat the number, so that it can be logged.
    """
    digits = _SEPARATORS.sub("", (number or "").strip().replace("(0)", ""))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+31" + digits[1:]
    if digits.startswith("+31"):
        national = digits[3:]
        national = national.removeprefix("0")  # '+31 06…' is a common way to write it
        if _DUTCH_MOBILE.fullmatch(national):
            return "+31" + national
        raise SMSError("Not a Dutch mobile number (06 followed by 8 digits).")
    if _INTERNATIONAL.fullmatch(digits) and any(
        digits.startswith(f"+{code}") for code in settings.SMS_COUNTRY_CODES
    ):
        return digits
    # Only countries the operator allows: texts to expensive foreign numbers cost money.
    raise SMSError("Not a mobile number in an allowed country (SMS_COUNTRY_CODES).")


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
    """Development: write the message to the log instead of sending it."""

    def send(self, to: str, body: str) -> None:
        logger.info("SMS to %s:\n%s", to, body)


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
