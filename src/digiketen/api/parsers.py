"""The API's JSON parser: DRF's, with the two limits DRF leaves out."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, status


class PayloadTooLarge(exceptions.APIException):
    # Here, not in api.problems: that module imports DRF's views, which import this parser.
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("De aanvraag is te groot.")
    default_code = "too-large"


class JSONParser(parsers.JSONParser):
    """Reads at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (DRF reads the request stream itself,
    past Django's own limit), and answers JSON nested deeper than Python's json can follow
    (RecursionError, not a ValueError) as the parse error it is, not as a server error."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge(
                _("De aanvraag is groter dan %(limit)s bytes.") % {"limit": limit}
            )
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except exceptions.ParseError as exc:
            raise exceptions.ParseError(
                _("De inhoud is geen geldige JSON (%(error)s).") % {"error": exc.detail}
            ) from exc
        except RecursionError as exc:
            raise exceptions.ParseError(_("De JSON is te diep genest.")) from exc
