"""Demo recommendations: the default message templates, and a few weeks of
recommendation counts (no clients: counts only) so the figures view has data."""

from datetime import timedelta

from django.utils import timezone

from wagtail_hyte.activities.models import ActivityPage
from wagtail_hyte.recommendations.counting import referral_offered
from wagtail_hyte.recommendations.defaults import seed_templates
from wagtail_hyte.recommendations.models import MessageTemplate, RecommendationCount
from wagtail_hyte.recommendations.organisation import controller_organisation

# (days ago, activity position in the catalogue, channel, how many)
DEMO_COUNTS = [
    (1, 0, "sms", 3),
    (1, 1, "email", 1),
    (2, 0, "print", 2),
    (4, 2, "sms", 1),
    (7, 3, "email", 2),
    (12, 1, "sms", 4),
    (20, 4, "print", 1),
    (35, 0, "sms", 2),
]


def load(context):
    created = seed_templates(MessageTemplate)
    activities = list(ActivityPage.objects.live().order_by("path")[:5])
    organisation = controller_organisation(None)
    today = timezone.localdate()
    offered = referral_offered(activities) if activities else {}
    rows = 0
    for days_ago, position, channel, count in DEMO_COUNTS:
        if position >= len(activities):
            continue
        activity = activities[position]
        RecommendationCount.objects.update_or_create(
            date=today - timedelta(days=days_ago),
            activity=activity,
            channel=channel,
            referral_offered=offered[activity.pk],
            organisation=organisation,
            defaults={"count": count},
        )
        rows += 1
    context.say(f"  {created} new message templates, {rows} demo recommendation counts")
