"""Publish the default referral consent notices (fi, sv, en) as version 1.

Only for a language with no "referral" notice yet; an existing notice is never
changed. Reverse does nothing: a notice may already be cited by consents.
ConsentNotice is not an append-only ledger table, so the guards do not apply;
simple_history does not see historical models, so the "created" history rows
are written here (see ``seed_default_notices``).
"""

from django.db import migrations


def seed(apps, schema_editor):
    from wagtail_hyte.referrals.notices import seed_default_notices

    seed_default_notices(
        apps.get_model("wagtail_hyte_ledger", "ConsentNotice"),
        apps.get_model("wagtail_hyte_ledger", "HistoricalConsentNotice"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_hyte_referrals", "0003_d_notification_failures"),
        ("wagtail_hyte_ledger", "0004_b1_consent_contact_version"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
