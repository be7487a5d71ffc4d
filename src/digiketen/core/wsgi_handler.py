"""Django's WSGI handler with two repairs in how it builds the request. Whatever Django raises
while building it escapes every middleware and error handler: the server answers 500.

- `HttpRequest.encoding`'s setter asks `hasattr(self, "GET")`; on a WSGIRequest that runs the
query-string parser. Django sets the encoding while it builds the request, whenever the
Content-Type names a charset, so a query string with more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS raised TooManyFieldsSent before any middleware or error handler
ran (found by the fuzz suite). Here the setter only forgets a query it has already parsed;
  the parser then runs inside the handler and the visitor gets handler400.
- A Content-Type Django cannot read (longer than 10,000 characters) raised BadRequest there.
  Here the request is built without one and keeps the error as `unreadable`, which
  core.http.RequestCheckMiddleware raises so that handler400 answers."""

import django
from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest


class Request(WSGIRequest):
    unreadable: BadRequest | None = None

    def _set_content_type_params(self, meta):
        try:
            super()._set_content_type_params(meta)
        except BadRequest as error:
            self.content_type, self.content_params = "", {}
            self.unreadable = error

    @property
    def encoding(self):
        return self._encoding

    @encoding.setter
    def encoding(self, value):
        self._encoding = value
        self.__dict__.pop("GET", None)  # GET is a cached_property: parsed at most once
        if hasattr(self, "_post"):
            del self._post


class Handler(WSGIHandler):
    request_class = Request


def application() -> Handler:
    """What django.core.wsgi.get_wsgi_application does, with this handler."""
    django.setup(set_prefix=False)
    return Handler()
