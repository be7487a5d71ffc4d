"""Bulk writes whose SQL and values are made before the transaction that runs them.

On SQLite a writing transaction holds the database's one write lock until it commits, and
Django's bulk_create and bulk_update spend most of their time in Python building the query:
for 2,000 services about five seconds in which no one else can log in. Statements made here
hold only names taken from the models (quoted) and parameters; inside the transaction there
is nothing left to do but `run()` them (see `run_all`).

An INSERT sends many rows per statement (one statement per row costs PostgreSQL about 0.3 ms
a row to parse, plan and answer: most of an import of 20,000 services). A new row can refer to
one inserted by an earlier statement of the same `run_all` through the related object's uuid
(`by_uuid`): each insert of a model with a uuid returns the primary keys the database gave, by
uuid, and a later row's reference is filled in from them when its statement runs (a dict
look-up). A reference to a row that was not inserted becomes NULL, which the database refuses.

Plain SQL skips model signals: a caller whose models are watched for a content version
(core.content_cache) moves it on itself. `insert` takes plain dicts as well as model
instances: building a model instance per row (signals, descriptors, defaults) cost more than
the rest of preparing its values.

Reading is the other half: `AnyOf` finds the rows whose field is one of many values in one
query with one parameter, whatever their number (an IN list of 20,000 values needs dozens of
queries under SQLite's limit on parameters, and costs PostgreSQL a plan of 20,000 branches).
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Expression, F, Lookup
from django.db.models.constants import OnConflict
from django.utils import timezone

# Parameters in one multi-row INSERT on SQLite: under its limit of 32,766.
MAX_PARAMS = 30_000
# Rows in one INSERT ... SELECT FROM unnest(arrays) on PostgreSQL.
ROWS_PER_ARRAY = 10_000

Ids = dict[tuple[str, object], int]  # (table, uuid as the database has it) -> primary key


@dataclass(frozen=True)
class Ref:
    """The primary key of the `table` row with this uuid, inserted earlier in the same run."""

    table: str
    uuid: object


@dataclass
class Statement:
    """`sql` run once per row (`executemany`), or an insert of many rows per statement."""

    sql: str
    rows: list[list] = field(default_factory=list)
    mode: str = "each"  # "each", "values" (sql + one group per row + suffix) or "arrays"
    values: str = ""
    suffix: str = ""
    table: str = ""  # set when the insert returns (pk, uuid) for later references

    def run(self, ids: Ids | None = None) -> None:
        if not self.rows:
            return
        ids = {} if ids is None else ids
        if self.mode == "arrays":
            self._run_arrays(ids)
            return
        with _connection().cursor() as cursor:
            if self.mode == "each":
                cursor.executemany(self.sql, self.rows)
                return
            per_batch = max(1, MAX_PARAMS // len(self.rows[0]))
            for start in range(0, len(self.rows), per_batch):
                batch = [
                    [ids.get((v.table, v.uuid)) if isinstance(v, Ref) else v for v in row]
                    for row in self.rows[start : start + per_batch]
                ]
                sql = f"{self.sql} {', '.join([self.values] * len(batch))} {self.suffix}"
                cursor.execute(sql.strip(), [value for row in batch for value in row])
                if self.table:
                    ids.update(((self.table, uuid), pk) for pk, uuid in cursor.fetchall())

    def _run_arrays(self, ids: Ids) -> None:
        """PostgreSQL: one array per column, in binary, through psycopg's own cursor (Django's
        binds parameters as text on the client), in the same connection and transaction."""
        import psycopg

        connection = _connection()
        connection.ensure_connection()
        # Django's own error classes (IntegrityError, ...), as its cursors raise them.
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            for start in range(0, len(self.rows), ROWS_PER_ARRAY):
                batch = [
                    [ids.get((v.table, v.uuid)) if isinstance(v, Ref) else v for v in row]
                    for row in self.rows[start : start + ROWS_PER_ARRAY]
                ]
                cursor.execute(self.sql, [list(column) for column in zip(*batch, strict=True)])
                if self.table:
                    ids.update(((self.table, uuid), pk) for pk, uuid in cursor.fetchall())


class AnyOf(Lookup):
    """`filter(AnyOf("uuid", ids))`: the field (or expression) is one of `values`, sent as one
    array (PostgreSQL: `= ANY(%s)`) or one JSON list (SQLite: `IN (SELECT value FROM
    json_each(%s))`). With `fold_case`, text compares as UPPER on both sides in the
    database, as iexact does on PostgreSQL (the database's idea of case, not Python's).
    A lookup, not a bare expression: SQLite would get `(... IN ...) = 1`, which no index
    serves."""

    lookup_name = "any_of"  # (not registered: used as AnyOf(...) only)
    prepare_rhs = False

    def __init__(self, lhs: str | Expression, values: Iterable, *, fold_case: bool = False):
        self.fold_case = fold_case
        super().__init__(F(lhs) if isinstance(lhs, str) else lhs, list(values))

    def as_sql(self, compiler, connection):
        # Only the compiled column (or expression) and a type name from the model go into
        # the text; the values are one parameter.
        lhs, params = compiler.compile(self.lhs)
        target = self.lhs.output_field
        values = [target.get_db_prep_value(v, connection, prepared=False) for v in self.rhs]
        if connection.vendor == "postgresql":
            cast = "text" if self.fold_case else target.db_type(connection)
            if self.fold_case:
                sql = f"UPPER({lhs}) IN (SELECT UPPER(v) FROM unnest(%s::{cast}[]) AS v)"  # noqa: S608
            else:
                sql = f"{lhs} = ANY(%s::{cast}[])"
            return sql, [*params, values]
        each = "UPPER(value)" if self.fold_case else "value"
        head = f"UPPER({lhs})" if self.fold_case else lhs
        sql = f"{head} IN (SELECT {each} FROM json_each(%s))"  # noqa: S608
        return sql, [*params, json.dumps(values)]


def run_all(statements: Iterable[Statement]) -> None:
    """Run the statements in order, each insert's new keys available to the ones after it."""
    ids: Ids = {}
    for statement in statements:
        statement.run(ids)


def _connection():
    # The connection itself, not django.db.connection: that proxy looks the connection up
    # again on every use, a third of the time of preparing 20,000 services' values.
    return connections[DEFAULT_DB_ALIAS]


def _quote(name: str) -> str:
    return _connection().ops.quote_name(name)


def _uuid_param(model: type[models.Model], value) -> object:
    return model._meta.get_field("uuid").get_db_prep_value(value, _connection())


def _has_uuid(model: type[models.Model]) -> bool:
    return any(f.name == "uuid" for f in model._meta.concrete_fields)


# Fields whose value on the model is the value the database takes: no pre_save (auto_now)
# and no conversion, so the value is read as it is (a fifth of the time of an import).
PLAIN = (models.CharField, models.TextField, models.BooleanField, models.IntegerField)


def _plain(f: models.Field) -> bool:
    if isinstance(f, models.ForeignKey):
        return False
    return isinstance(f, PLAIN) and not isinstance(f, models.AutoField)


def insert(
    model: type[models.Model],
    objs: list[models.Model],
    *,
    by_uuid: tuple[str, ...] = (),
    ignore_conflicts: bool = False,
) -> Statement:
    """An INSERT of these unsaved objects: every concrete field but an automatic primary key,
    with auto_now(_add) and defaults applied as save() would. A foreign key named in `by_uuid`
    may point to an object that is not saved yet but inserted earlier in the same `run_all`.
    An object may be a dict of field names to values instead (a foreign key by its name, to
    the related object, or by its attname, to a primary key); a field it leaves out gets its
    default, or the time of this call for auto_now(_add)."""
    connection = _connection()
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    suffix = connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None) or ""
    returns = _has_uuid(model) and not ignore_conflicts
    if returns:
        pk, uuid = _quote(model._meta.pk.column), _quote(model._meta.get_field("uuid").column)
        suffix = f"{suffix} RETURNING {pk}, {uuid}"
    # Only names and types from the models go into the text (quoted); every value is a
    # parameter. PostgreSQL gets one array per column, sent in binary (%b): a statement of
    # thousands of "%s" costs psycopg more time to split than the database takes to insert
    # the rows, and arrays quoted as text cost three times the time of binary ones.
    head = "{} {} ({})".format(
        connection.ops.insert_statement(on_conflict=on_conflict),
        _quote(model._meta.db_table),
        ", ".join(_quote(f.column) for f in fields),
    )
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%b::{f.db_type(connection)}[]" for f in fields)
        sql, mode = f"{head} SELECT * FROM unnest({arrays}) {suffix}".strip(), "arrays"  # noqa: S608
    else:
        sql, mode = f"{head} VALUES", "values"
    plain = [_plain(f) for f in fields]
    now = timezone.now()
    rows = []
    for obj in objs:
        if isinstance(obj, dict):
            rows.append(_dict_row(fields, plain, obj, by_uuid, now, connection))
            continue
        row = []
        values = obj.__dict__
        for f, is_plain in zip(fields, plain, strict=True):
            if is_plain:
                row.append(values[f.attname])
            elif f.name in by_uuid:
                related = getattr(obj, f.name)
                row.append(
                    related.pk
                    if related.pk is not None
                    else Ref(
                        f.related_model._meta.db_table, _uuid_param(f.related_model, related.uuid)
                    )
                )
            else:
                row.append(f.get_db_prep_save(f.pre_save(obj, add=True), connection))
        rows.append(row)
    return Statement(
        sql,
        rows,
        mode=mode,
        values=f"({', '.join(['%s'] * len(fields))})",
        suffix=suffix,
        table=model._meta.db_table if returns else "",
    )


def _dict_row(fields, plain, values: dict, by_uuid, now, connection) -> list:
    row = []
    for f, is_plain in zip(fields, plain, strict=True):
        if f.name in by_uuid and f.name in values:
            related = values[f.name]
            row.append(
                related.pk
                if related.pk is not None
                else Ref(f.related_model._meta.db_table, _uuid_param(f.related_model, related.uuid))
            )
            continue
        if f.attname in values:
            value = values[f.attname]
        elif f.name in values:
            value = values[f.name].pk  # a related object
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()
        row.append(value if is_plain else f.get_db_prep_save(value, connection))
    return row


def update(model: type[models.Model], objs: list[models.Model], names: list[str]) -> Statement:
    """One UPDATE by primary key per object of these fields, auto_now applied as save() would.
    (bulk_update would send a CASE WHEN per field with a branch per object: for 2,000
    services minutes of building the query and of matching each row against every branch.)"""
    connection = _connection()
    fields = [model._meta.get_field(name) for name in names]
    # Only names from the model go into the text (quoted); every value is a parameter.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        _quote(model._meta.db_table),
        ", ".join(f"{_quote(f.column)} = %s" for f in fields),
        _quote(model._meta.pk.column),
    )
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, add=False), connection) for f in fields] + [obj.pk]
        for obj in objs
    ]
    return Statement(sql, rows)


def delete(model: type[models.Model], name: str, values: list) -> Statement:
    """One DELETE per value: the rows whose `name` (a column, e.g. a foreign key) is it."""
    connection = _connection()
    column = model._meta.get_field(name)
    # Only names from the model go into the text (quoted); every value is a parameter.
    sql = f"DELETE FROM {_quote(model._meta.db_table)} WHERE {_quote(column.column)} = %s"  # noqa: S608
    return Statement(sql, [[column.get_db_prep_value(value, connection)] for value in values])
