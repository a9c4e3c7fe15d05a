from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_tasks import TaskResultStatus
from wagtail.admin import messages

from wagtail_hyte.core.adminviews import HyteAccessMixin, HyteAdminMixin
from wagtail_hyte.core.conf import hyte_settings

from ..actors import actor_label
from ..export import iter_export_lines
from ..keys import KeyUnavailable, get_keyring, public_key_base64
from ..models import ChainHead, Checkpoint, VerificationRun
from ..tasks import verify_ledger_task
from ..verification import check_outside_checkpoints, run_signature_valid
from .access import AUDIT_PERMISSION

#: How the page names the system actors of verification runs.
SYSTEM_ACTORS = {
    "system:hyte_daily": _("the daily jobs (hyte_daily)"),
    "system:verify_ledger_task": _("the scheduled verification task"),
    "system:hyte_verify_ledger": _("the command hyte_verify_ledger"),
    "system:verification": _("the verification service, called without a named runner"),
}


def run_by(actor: str, user) -> str:
    """Who ran a verification, as the page shows it (ids only, like the ledger)."""
    if not actor:
        return gettext("not recorded")
    if actor.startswith("user:"):
        if user.is_authenticated and actor == f"user:{user.pk}":
            return gettext("%(actor)s (you, with Verify now)") % {"actor": actor}
        return gettext("%(actor)s (with Verify now)") % {"actor": actor}
    return str(SYSTEM_ACTORS.get(actor, actor))


def coverage(verification, head_seq: int) -> dict:
    """What ``verification`` covered and what it did not, against the head now.

    Checked: entries #1..#last (all of them for an intact run; the ones before
    the problem for a failed one). Not checked: everything after, up to the head.
    """
    last = verification.head_seq if verification.ok else verification.entries_checked
    last = last or 0
    return {
        "checked": verification.entries_checked,
        "checked_range": seq_range(1, last),
        "unchecked": max(head_seq - last, 0),
        "unchecked_range": seq_range(last + 1, head_seq),
    }


def seq_range(first: int, last: int) -> str:
    """``#3`` or ``#3–#9`` (empty when there is none)."""
    if last < first:
        return ""
    return f"#{first}" if first == last else f"#{first}\u2013#{last}"


def integrity_status(user) -> dict:
    """What the integrity page shows (and the API's verification status): the last
    verification, whether it is trusted and intact, what it covered, the outside
    checkpoints compared now, the chain head, the last checkpoint and the public key.
    ``user`` is the viewer (``run_by`` says "you")."""
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
    intact = bool(run_trusted and verification.ok and not head_went_back and outside.ok)
    covered = coverage(verification, head.seq if head else 0) if verification else {}
    return {
        "covered": covered,
        "complete": intact and covered["unchecked"] == 0,
        "run_by": run_by(verification.actor, user) if verification else "",
        "head": head,
        "verification": verification,
        "run_trusted": run_trusted,
        "head_went_back": head_went_back,
        "outside": outside,
        "outside_configured": bool(hyte_settings.CHECKPOINT_DIRECTORY),
        "intact": intact,
        "failures": VerificationRun.objects.filter(ok=False).order_by("-finished_at")[:5],
        "checkpoint": Checkpoint.objects.order_by("-size", "-created_at").first(),
        "public_key": public_key,
        "origin": hyte_settings.LEDGER_ORIGIN,
    }


class IntegrityView(HyteAdminMixin, TemplateView):
    """Last verification: what it covered and what not, its result, who ran it;
    *Verify now* (POST); last checkpoint, the public key, export."""

    permission_required = AUDIT_PERMISSION
    template_name = "wagtail_hyte/ledger/integrity.html"
    page_title = _("Ledger integrity")
    header_icon = "success"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(integrity_status(self.request.user))
        return context


class VerifyNowView(HyteAccessMixin, View):
    """*Verify now* (POST only; GET is 405): the full verification, then back to
    the integrity page (POST-redirect-GET) with a message.

    It enqueues ``verify_ledger_task`` with the auditor as actor rather than
    calling ``verify_chain`` here: the walk recomputes every hash, which on a
    large ledger outlasts a request. With a django-tasks worker it runs in the
    background ("started"); with the immediate backend (no ``TASKS``) it runs
    inline and the message gives the result.
    """

    permission_required = AUDIT_PERMISSION
    http_method_names = ["post"]

    def post(self, request):
        result = verify_ledger_task.enqueue(actor=actor_label(request.user))
        if result.status == TaskResultStatus.SUCCESSFUL:
            outcome = result.return_value
            if outcome["ok"]:
                messages.success(
                    request,
                    gettext(
                        "Verification finished: every entry of the ledger is checked and intact."
                    ),
                )
            else:
                messages.error(
                    request,
                    gettext(
                        "Verification finished: the ledger is NOT intact (first bad entry "
                        "#%(seq)s). The details are below."
                    )
                    % {"seq": outcome["first_bad_seq"] or "–"},
                )
        elif result.status == TaskResultStatus.FAILED:
            messages.error(
                request,
                gettext(
                    "The verification could not be run. Try again, or ask the administrator "
                    "to run manage.py hyte_verify_ledger."
                ),
            )
        else:
            messages.info(
                request,
                gettext(
                    "Verification started. It runs in the background; reload this page "
                    "in a moment to see its result."
                ),
            )
        return redirect("hyte_ledger:integrity")


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
