from django.db import migrations


def seed(apps, schema_editor):
    from wagtail_hyte.activities.taxonomy_seed import seed_taxonomies

    seed_taxonomies(
        apps.get_model("wagtail_hyte_activities", "Theme"),
        apps.get_model("wagtail_hyte_activities", "TargetGroup"),
        apps.get_model("wagtail_hyte_activities", "AccessibilityFeature"),
    )


class Migration(migrations.Migration):
    dependencies = [("wagtail_hyte_activities", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
