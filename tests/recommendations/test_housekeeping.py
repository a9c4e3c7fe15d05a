from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from wagtail_hyte.recommendations import ratelimit
from wagtail_hyte.recommendations.models import Delivery, SendWindow
from wagtail_hyte.recommendations.tasks import prune_recommendations_task


def test_prune_command_and_task(professional):
    old = Delivery.objects.create(user=professional, channel="sms", status="sent")
    Delivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    Delivery.objects.create(user=professional, channel="email", status="sent")
    ratelimit.consume(professional, now=1000)
    out = StringIO()
    call_command("hyte_prune_recommendations", stdout=out)
    assert "Deleted 2 send windows and 1 delivery records" in out.getvalue()
    assert Delivery.objects.count() == 1 and not SendWindow.objects.exists()
    result = prune_recommendations_task.enqueue(days=0)
    assert result.return_value == {"send_windows": 0, "deliveries": 1}
