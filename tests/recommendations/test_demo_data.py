"""The demo step seeds templates and counts, and is idempotent."""

import io

from demo.context import DemoContext
from demo.data import recommendations as step
from wagtail_hyte.recommendations.models import MessageTemplate, RecommendationCount


def test_demo_step_is_idempotent(make_activity):
    for n in range(5):
        make_activity(f"Demo {n}")
    MessageTemplate.objects.filter(language="sv").delete()
    context = DemoContext(stdout=io.StringIO(), password="x")
    step.load(context)
    assert MessageTemplate.objects.count() == 9
    rows = RecommendationCount.objects.count()
    assert rows == len(step.DEMO_COUNTS)
    step.load(context)
    assert RecommendationCount.objects.count() == rows
    assert "3 new message templates" in context.stdout.getvalue()
