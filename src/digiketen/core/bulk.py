"""Bulk writes whose SQL and values are made before the transaction that runs them.

On SQLite a writing transaction holds the database's one write lock until it commits, and
Django's bulk_create and bulk_update spend most of their time in Python building the query:
for 2,000 services about five seconds in which no one else can log in. Statements made here
hold only names taken from the models (quoted) and parameters; inside the transaction there
is nothing left to do but `run()` them. A new row can refer to one inserted by an earlier
statement of the same transaction through the related row's uuid (`by_uuid`), so nothing has
to wait for the database to hand out primary keys.

Plain SQL skips model signals: a caller whose models are watched for a content version
(core.content_cache) moves it on itself.
"""

from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models.constants import OnConflict


@dataclass
class Statement:
    sql: str
    rows: list[list] = field(default_factory=list)

    def run(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _uuid_param(model: type[models.Model], value) -> object:
    return model._meta.get_field("uuid").get_db_prep_value(value, connection)


def _by_uuid(related: type[models.Model]) -> str:
    pk, table = _quote(related._meta.pk.column), _quote(related._meta.db_table)
    uuid = _quote(related._meta.get_field("uuid").column)
    return f"(SELECT {pk} FROM {table} WHERE {uuid} = %s)"  # noqa: S608


def insert(
    model: type[models.Model],
    objs: list[models.Model],
    *,
    by_uuid: tuple[str, ...] = (),
    ignore_conflicts: bool = False,
) -> Statement:
    """An INSERT of these unsaved objects: every concrete field but an automatic primary key,
    with auto_now(_add) and defaults applied as save() would. A foreign key named in `by_uuid`
    is written as a look-up of the related object's uuid (the object need not be saved yet)."""
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    # Only names from the models go into the text (quoted); every value is a parameter.
    values = [_by_uuid(f.related_model) if f.name in by_uuid else "%s" for f in fields]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    sql = "{} {} ({}) VALUES ({}) {}".format(
        connection.ops.insert_statement(on_conflict=on_conflict),
        _quote(model._meta.db_table),
        ", ".join(_quote(f.column) for f in fields),
        ", ".join(values),
        connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None),
    ).strip()
    rows = []
    for obj in objs:
        row = []
        for f in fields:
            if f.name in by_uuid:
                row.append(_uuid_param(f.related_model, getattr(obj, f.name).uuid))
            else:
                row.append(f.get_db_prep_save(f.pre_save(obj, add=True), connection))
        rows.append(row)
    return Statement(sql, rows)


def update(model: type[models.Model], objs: list[models.Model], names: list[str]) -> Statement:
    """One UPDATE by primary key per object of these fields, auto_now applied as save() would.
    (bulk_update would send a CASE WHEN per field with a branch per object: for 2,000
    services minutes of building the query and of matching each row against every branch.)"""
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
    column = model._meta.get_field(name)
    # Only names from the model go into the text (quoted); every value is a parameter.
    sql = f"DELETE FROM {_quote(model._meta.db_table)} WHERE {_quote(column.column)} = %s"  # noqa: S608
    return Statement(sql, [[column.get_db_prep_value(value, connection)] for value in values])
