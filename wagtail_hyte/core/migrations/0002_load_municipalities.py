from django.db import migrations


def load(apps, schema_editor):
    from wagtail_hyte.core.municipalities import sync_municipalities

    sync_municipalities(apps.get_model("wagtail_hyte_core", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("wagtail_hyte_core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
