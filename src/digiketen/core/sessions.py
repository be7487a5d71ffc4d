"""The session engine (SESSION_ENGINE): Django's database sessions, read with one hand-written
statement. Every staff request loads its session first, and building the ORM's query costs more
CPU than running it; the statement and its answer are the same as Django's own."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

# Django's session table (django.contrib.sessions.models.Session), whose names never change.
LOAD = "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(db.SessionStore):
    def load(self):
        with connections[router.db_for_read(self.model)].cursor() as cursor:
            cursor.execute(LOAD, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            # As Django's engine does: an unknown or expired key gets a new one when saved.
            self._session_key = None
            return {}
        return self.decode(row[0])
