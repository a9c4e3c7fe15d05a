from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_hyte.core.adminviews import admin_urls, register_menu_item

from .views.entries import LedgerEntryIndexView, PersonalDataReadsView
from .views.integrity import ExportView, IntegrityView, LatestCheckpointView, VerifyNowView
from .views.notices import ConsentNoticeViewSet
from .views.subject_search import SubjectSearchView, SubjectTimelineExportView
from .views.subjects import SubjectTimelineView


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [
        admin_urls(
            "hyte/ledger/",
            "hyte_ledger",
            [
                path("", LedgerEntryIndexView.as_view(), name="entries"),
                path(
                    "results/",
                    LedgerEntryIndexView.as_view(results_only=True),
                    name="entries_results",
                ),
                path("reads/", PersonalDataReadsView.as_view(), name="reads"),
                path(
                    "reads/results/",
                    PersonalDataReadsView.as_view(results_only=True),
                    name="reads_results",
                ),
                path("subjects/", SubjectSearchView.as_view(), name="subject_search"),
                path(
                    "subjects/<uuid:subject_id>/",
                    SubjectTimelineView.as_view(),
                    name="subject",
                ),
                path(
                    "subjects/<uuid:subject_id>/export/",
                    SubjectTimelineExportView.as_view(),
                    name="subject_export",
                ),
                path("integrity/", IntegrityView.as_view(), name="integrity"),
                path("integrity/verify/", VerifyNowView.as_view(), name="verify_now"),
                path("export/", ExportView.as_view(), name="export"),
                path("checkpoint/", LatestCheckpointView.as_view(), name="latest_checkpoint"),
            ],
        )
    ]


register_menu_item(
    _("Ledger"),
    "hyte_ledger:entries",
    view=LedgerEntryIndexView,
    name="hyte-ledger",
    icon_name="list-ul",
    order=500,
)
register_menu_item(
    _("Personal data reads"),
    "hyte_ledger:reads",
    view=PersonalDataReadsView,
    name="hyte-ledger-reads",
    icon_name="view",
    order=510,
)
register_menu_item(
    _("Find a data subject"),
    "hyte_ledger:subject_search",
    view=SubjectSearchView,
    name="hyte-ledger-subjects",
    icon_name="search",
    order=515,
)
register_menu_item(
    _("Ledger integrity"),
    "hyte_ledger:integrity",
    view=IntegrityView,
    name="hyte-ledger-integrity",
    icon_name="success",
    order=520,
)

register_snippet(ConsentNoticeViewSet)
