"""On PostgreSQL, a trigger refuses UPDATE and DELETE on the ledger table.

On other databases the model and queryset refuse them in Python (models.py).
TRUNCATE is left to database privileges (the test runner's flush uses it);
docs/ledger-security.md says to revoke it from the application's role.
"""

from django.db import migrations

TABLES = ("wagtail_hyte_ledger_ledgerentry",)

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION hyte_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'wagtail-hyte ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION hyte_ledger_refuse_change();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS hyte_ledger_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("wagtail_hyte_ledger", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
