"""The ledger for auditors (``api/hyte/v1/ledger/``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("ledger/entries/", views.LedgerEntryListView.as_view(), name="ledger_entries"),
    path(
        "ledger/entries/<int:seq>/",
        views.LedgerEntryDetailView.as_view(),
        name="ledger_entry",
    ),
    path("ledger/reads/", views.PersonalDataReadListView.as_view(), name="ledger_reads"),
    path("ledger/checkpoints/", views.CheckpointListView.as_view(), name="ledger_checkpoints"),
    path(
        "ledger/checkpoints/<int:pk>/",
        views.CheckpointDetailView.as_view(),
        name="ledger_checkpoint",
    ),
    path("ledger/verification/", views.VerificationView.as_view(), name="ledger_verification"),
]
