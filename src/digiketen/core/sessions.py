"""The session engine (SESSION_ENGINE): Django's database sessions, read with one hand-written
statement. Every staff request loads its session first, and the ORM's query building costs more
CPU than the query itself; the statement and the rows are the same as Django's own."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        model = self.model
        alias = router.db_for_read(model)
        quote = connections[alias].ops.quote_name
        table = quote(model._meta.db_table)
        sql = (
            f"SELECT {quote('session_data')} FROM {table} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            # As Django's engine does: an unknown or expired key gets a new one when saved.
            self._session_key = None
            return {}
        return self.decode(row[0])
