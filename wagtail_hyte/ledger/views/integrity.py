from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wagtail_hyte.core.adminviews import HyteAccessMixin, HyteAdminMixin
from wagtail_hyte.core.conf import hyte_settings

from ..export import iter_export_lines
from ..keys import KeyUnavailable, get_keyring, public_key_base64
from ..models import ChainHead, Checkpoint, VerificationRun
from ..verification import check_outside_checkpoints, run_signature_valid
from .access import AUDIT_PERMISSION


class IntegrityView(HyteAdminMixin, TemplateView):
    """Last verification and its result, last checkpoint, the public key, export."""

    permission_required = AUDIT_PERMISSION
    template_name = "wagtail_hyte/ledger/integrity.html"
    page_title = _("Ledger integrity")
    header_icon = "success"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            public_key = public_key_base64(get_keyring().public_key())
        except KeyUnavailable:
            public_key = ""
        head = ChainHead.objects.filter(pk=1).first()
        verification = VerificationRun.objects.order_by("-finished_at", "-pk").first()
        # A run row counts only when signed with the checkpoint key; the outside
        # checkpoints are compared with the database on every view, so deleting
        # the tail, the newer checkpoint rows and resetting the head shows here
        # at once, whatever the stored runs say (docs/ledger-security.md).
        run_trusted = verification is not None and run_signature_valid(verification)
        head_went_back = bool(
            run_trusted
            and verification.ok
            and verification.head_seq is not None
            and head is not None
            and (
                head.seq < verification.head_seq
                or (head.seq == verification.head_seq and head.hash != verification.head_hash)
            )
        )
        outside = check_outside_checkpoints()
        context.update(
            head=head,
            verification=verification,
            run_trusted=run_trusted,
            head_went_back=head_went_back,
            outside=outside,
            outside_configured=bool(hyte_settings.CHECKPOINT_DIRECTORY),
            intact=bool(run_trusted and verification.ok and not head_went_back and outside.ok),
            failures=VerificationRun.objects.filter(ok=False).order_by("-finished_at")[:5],
            checkpoint=Checkpoint.objects.order_by("-size", "-created_at").first(),
            public_key=public_key,
            origin=hyte_settings.LEDGER_ORIGIN,
        )
        return context


class ExportView(HyteAccessMixin, View):
    """The JSON Lines export (entries and checkpoints; no personal data), streamed."""

    permission_required = AUDIT_PERMISSION

    def get(self, request):
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        response = StreamingHttpResponse(
            iter_export_lines(), content_type="application/x-ndjson; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="hyte-ledger-{stamp}.jsonl"'
        return response


class LatestCheckpointView(HyteAccessMixin, View):
    """The latest signed checkpoint note, as a text file to keep outside the database."""

    permission_required = AUDIT_PERMISSION

    def get(self, request):
        checkpoint = Checkpoint.objects.order_by("-size", "-created_at").first()
        if checkpoint is None:
            return HttpResponse(status=404)
        response = HttpResponse(checkpoint.note, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="checkpoint-{checkpoint.size:012d}.txt"'
        )
        return response
