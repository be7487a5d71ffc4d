"""Trigram indexes for the "contains" searches of the staff lists, on PostgreSQL only.

Django's `icontains` on PostgreSQL is `UPPER(column::text) LIKE UPPER('%text%')`, which no
B-tree index can answer: with 100,000 rows every search read the whole table. A GIN index with
pg_trgm's operator class on exactly that expression answers it. SQLite has neither, and its
tables stay small, so there the operation does nothing. Used from the domain apps' migrations;
takes table and column names, so core knows no domain model.
"""

from django.db import migrations


def _index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]


def trigram_indexes(table: str, columns: list[str]) -> migrations.RunPython:
    """A migration operation: one trigram index per column of `table`, on PostgreSQL."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database may
        # create it. Where an operator has already created it, IF NOT EXISTS leaves it be.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_index_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_index_name(table, column)}"')

    return migrations.RunPython(create, drop, elidable=False)
