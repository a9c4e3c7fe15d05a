"""Checkpoints and verification runs become append-only like the entries.

Verification runs gain the verified head and a signature. On PostgreSQL a
trigger (the function from 0002) refuses UPDATE and DELETE on both tables; on
every database the Python guards in append_only.py refuse them.
"""

from django.db import migrations, models

TABLES = ("wagtail_hyte_ledger_checkpoint", "wagtail_hyte_ledger_verificationrun")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
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


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_hyte_ledger", "0002_append_only_trigger"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="checkpoint",
            options={
                "base_manager_name": "objects",
                "get_latest_by": "created_at",
                "ordering": ["-size", "-created_at"],
                "verbose_name": "checkpoint",
                "verbose_name_plural": "checkpoints",
            },
        ),
        migrations.AlterModelOptions(
            name="ledgerentry",
            options={
                "base_manager_name": "objects",
                "ordering": ["seq"],
                "permissions": [("audit_ledger", "Can audit the consent and access ledger")],
                "verbose_name": "ledger entry",
                "verbose_name_plural": "ledger entries",
            },
        ),
        migrations.AlterModelOptions(
            name="verificationrun",
            options={
                "base_manager_name": "objects",
                "get_latest_by": "finished_at",
                "ordering": ["-finished_at"],
                "verbose_name": "verification run",
                "verbose_name_plural": "verification runs",
            },
        ),
        migrations.AddField(
            model_name="verificationrun",
            name="head_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="head hash"),
        ),
        migrations.AddField(
            model_name="verificationrun",
            name="head_seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="head sequence number"),
        ),
        migrations.AddField(
            model_name="verificationrun",
            name="outside_checkpoints",
            field=models.PositiveIntegerField(
                default=0, verbose_name="checkpoints from outside the database"
            ),
        ),
        migrations.AddField(
            model_name="verificationrun",
            name="signature",
            field=models.CharField(
                blank=True, editable=False, max_length=128, verbose_name="signature"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
