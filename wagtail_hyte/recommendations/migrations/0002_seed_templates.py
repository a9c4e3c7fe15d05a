"""Seed the default message and cover-letter templates (fi, sv, en)."""

from django.db import migrations


def seed(apps, schema_editor):
    from wagtail_hyte.recommendations.defaults import seed_templates

    seed_templates(apps.get_model("wagtail_hyte_recommendations", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("wagtail_hyte_recommendations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
