from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_hyte.core.wagtail_hooks import MENU_HOOK

from .views.access import AuditorMenuItem
from .views.entries import LedgerEntryIndexView, PersonalDataReadsView
from .views.integrity import ExportView, IntegrityView, LatestCheckpointView
from .views.notices import ConsentNoticeViewSet
from .views.subjects import SubjectTimelineView


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [
        path("hyte/ledger/", LedgerEntryIndexView.as_view(), name="hyte_ledger_entries"),
        path(
            "hyte/ledger/results/",
            LedgerEntryIndexView.as_view(results_only=True),
            name="hyte_ledger_entries_results",
        ),
        path("hyte/ledger/reads/", PersonalDataReadsView.as_view(), name="hyte_ledger_reads"),
        path(
            "hyte/ledger/reads/results/",
            PersonalDataReadsView.as_view(results_only=True),
            name="hyte_ledger_reads_results",
        ),
        path(
            "hyte/ledger/subjects/<uuid:subject_id>/",
            SubjectTimelineView.as_view(),
            name="hyte_ledger_subject",
        ),
        path("hyte/ledger/integrity/", IntegrityView.as_view(), name="hyte_ledger_integrity"),
        path("hyte/ledger/export/", ExportView.as_view(), name="hyte_ledger_export"),
        path(
            "hyte/ledger/checkpoint/",
            LatestCheckpointView.as_view(),
            name="hyte_ledger_latest_checkpoint",
        ),
    ]


@hooks.register(MENU_HOOK)
def ledger_menu_item():
    return AuditorMenuItem(
        _("Ledger"),
        reverse("hyte_ledger_entries"),
        name="hyte-ledger",
        icon_name="list-ul",
        order=500,
    )


@hooks.register(MENU_HOOK)
def reads_menu_item():
    return AuditorMenuItem(
        _("Personal data reads"),
        reverse("hyte_ledger_reads"),
        name="hyte-ledger-reads",
        icon_name="view",
        order=510,
    )


@hooks.register(MENU_HOOK)
def integrity_menu_item():
    return AuditorMenuItem(
        _("Ledger integrity"),
        reverse("hyte_ledger_integrity"),
        name="hyte-ledger-integrity",
        icon_name="success",
        order=520,
    )


register_snippet(ConsentNoticeViewSet)
