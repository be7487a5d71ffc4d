"""Repair devices that a capture broke before captures were checked against the model.

SQLite does not enforce DECIMAL(5,1): a capture could store a battery of a million Wh, and
reading that row back fails, so the device list, the device's pages and every later capture
answered 500. Such values were never facts; they become unknown. On PostgreSQL they cannot
exist, and the statement changes nothing."""

from django.db import migrations

# Column: the smallest value that no longer fits (max_digits - decimal_places whole digits).
DECIMAL_LIMITS = {"battery_design_wh": 10_000, "battery_full_wh": 10_000, "screen_inch": 1_000}


def forget_values_that_do_not_fit(apps, schema_editor):
    Device = apps.get_model("inventory", "Device")
    table = schema_editor.quote_name(Device._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for column, limit in DECIMAL_LIMITS.items():
            name = schema_editor.quote_name(column)
            # Raw SQL: the ORM cannot even read such a row to change it.
            cursor.execute(
                f"UPDATE {table} SET {name} = NULL WHERE {name} >= %s OR {name} <= %s",  # noqa: S608
                [limit, -limit],
            )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0009_list_indexes")]

    operations = [migrations.RunPython(forget_values_that_do_not_fit, migrations.RunPython.noop)]
