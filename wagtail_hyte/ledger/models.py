"""Subjects, encrypted contact details, consent records and the ledger.

Nothing here holds plaintext personal data. Write through the services in
``wagtail_hyte.ledger.services``; the ledger table refuses updates and deletes.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from simple_history.models import HistoricalRecords

from . import append_only
from .append_only import LedgerImmutable


class Subject(models.Model):
    """A person the ledger records events about: a random id, no personal data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The data key, wrapped by the key-encryption key ``kek_id``; null once erased.
    kek_id = models.CharField(_("key-encryption key id"), max_length=64, blank=True)
    wrapped_key = models.BinaryField(_("wrapped data key"), null=True, editable=False)
    business_closed_at = models.DateTimeField(_("business closed at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = pgettext_lazy("data subject", "subject")
        verbose_name_plural = _("subjects")
        indexes = [models.Index(fields=["kek_id"]), models.Index(fields=["business_closed_at"])]

    def __str__(self):
        return str(self.id)

    @property
    def is_erased(self):
        return self.erased_at is not None


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")


class ContactDetails(models.Model):
    """A subject's contact details as one AES-256-GCM ciphertext.

    The plaintext (name, phone, email, preferred method and time, language, a
    note) exists only in memory. Blind indexes are keyed HMACs of the normalised
    phone number and e-mail address. History keeps the ciphertext (never the
    blind indexes); erasure clears it in both tables.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.OneToOneField(
        Subject,
        verbose_name=pgettext_lazy("data subject", "subject"),
        on_delete=models.PROTECT,
        related_name="contact",
    )
    ciphertext = models.BinaryField(_("ciphertext"), null=True, editable=False)
    phone_index = models.CharField(_("phone blind index"), max_length=64, blank=True, db_index=True)
    email_index = models.CharField(_("email blind index"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["phone_index", "email_index"])

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self):
        return str(self.id)

    @property
    def ciphertext_digest(self):
        return hashlib.sha256(bytes(self.ciphertext)).hexdigest() if self.ciphertext else ""


class ConsentNotice(models.Model):
    """The text shown to a client when asking for consent, one version per language."""

    key = models.SlugField(
        _("notice"), max_length=64, help_text=_("Which consent this text is for, e.g. referral.")
    )
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "-version", "language"]
        verbose_name = _("consent notice")
        verbose_name_plural = _("consent notices")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version", "language"],
                name="hyte_consent_notice_unique_version",
                violation_error_message=_("This version already exists in this language."),
            )
        ]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s consent notice", "%(count)s consent notices", n) % {"count": n}

    def __str__(self):
        return f"{self.key} v{self.version} ({self.language})"

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def clean(self):
        super().clean()
        languages = {code for code, _label in settings.LANGUAGES}
        if self.language and self.language not in languages:
            raise ValidationError({"language": _("Choose one of the site's languages.")})
        if self.pk:
            old = ConsentNotice.objects.get(pk=self.pk)
            fields = ("key", "version", "language", "title", "text")
            changed = any(getattr(old, f) != getattr(self, f) for f in fields)
            if changed and self.consents.exists():
                raise ValidationError(
                    _("Consents were recorded with this text; publish a new version instead.")
                )

    def save(self, *args, **kwargs):
        self.text_sha256 = self.hash_text(self.text)
        super().save(*args, **kwargs)


class CollectionMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbally")
    WRITTEN = "written", _("In writing")
    ELECTRONIC = "electronic", _("Electronically")


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (GDPR 6(1)(a))")
    EXPLICIT_CONSENT = "explicit_consent", _("Explicit consent (GDPR 9(2)(a))")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class ConsentRecord(models.Model):
    """A consent, with fields aligned with ISO/IEC TS 27560.

    The events (given, withdrawn, expired) are ledger entries; the status
    fields here are their current projection, changed only by the services.
    """

    SCHEMA_VERSION = "hyte-consent/1"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.ForeignKey(
        Subject,
        verbose_name=pgettext_lazy("data subject", "subject"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    controller = models.JSONField(_("controller"), default=dict)
    recipient = models.ForeignKey(
        "wagtail_hyte_partners.Partner",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=64)
    data_categories = models.JSONField(_("personal data categories"), default=list)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=20, choices=LawfulBasis.choices, default=LawfulBasis.CONSENT
    )
    notice = models.ForeignKey(
        ConsentNotice,
        verbose_name=_("consent notice"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    notice_language = models.CharField(_("notice language"), max_length=8)
    collection_method = models.CharField(
        _("collection method"), max_length=12, choices=CollectionMethod.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_at = models.DateTimeField(_("given at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConsentStatus.choices, default=ConsentStatus.GIVEN
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_method = models.CharField(
        _("withdrawal method"), max_length=12, choices=CollectionMethod.choices, blank=True
    )
    # The contact details this consent covers when they differ from the subject's
    # first version (a returning client): sealed with the subject's data key and
    # bound to this row. Reads bound to this consent decrypt this version.
    contact_ciphertext = models.BinaryField(
        _("contact details version"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return str(self.id)


class AppendOnlyQuerySet(models.QuerySet):
    """Append-only: updates, deletes and bulk writes are refused on every database.

    Used by the default and the base manager; see append_only.py for the other
    guards (signals, SQL execute wrapper) and the PostgreSQL triggers.
    """

    def update(self, **kwargs):
        raise LedgerImmutable(_("Ledger records cannot be changed."))

    def _update(self, values):
        raise LedgerImmutable(_("Ledger records cannot be changed."))

    def update_or_create(self, *args, **kwargs):
        raise LedgerImmutable(_("Ledger records cannot be changed."))

    def delete(self):
        raise LedgerImmutable(_("Ledger records cannot be deleted."))

    def _raw_delete(self, using):
        raise LedgerImmutable(_("Ledger records cannot be deleted."))

    def bulk_update(self, *args, **kwargs):
        raise LedgerImmutable(_("Ledger records cannot be changed."))

    def bulk_create(self, *args, **kwargs):
        raise LedgerImmutable(
            _("Ledger records are written one at a time by the ledger's own functions.")
        )


class LedgerQuerySet(AppendOnlyQuerySet):
    def for_subject(self, subject_id):
        """Entries about a subject, found in the hashed ``subjects`` column itself
        (canonical JSON), so what auditors see per subject is what verification covers."""
        return self.filter(subjects__contains=f'"{uuid.UUID(str(subject_id))}"')


class ImmutableModel(models.Model):
    objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise LedgerImmutable(_("Ledger records cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutable(_("Ledger records cannot be deleted."))


class LedgerEntry(ImmutableModel):
    """One event in the hash chain. Payloads hold ids, codes and digests only."""

    seq = models.PositiveBigIntegerField(_("sequence number"), primary_key=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.CharField(_("actor"), max_length=150, db_index=True)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    # Canonical JSON texts (see canonical.py), exactly as hashed.
    subjects = models.TextField(_("subjects"), default="[]")
    payload = models.TextField(_("payload"), default="{}")
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta(ImmutableModel.Meta):
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        permissions = [("audit_ledger", _("Can audit the consent and access ledger"))]

    def __str__(self):
        return f"#{self.seq} {self.kind}"

    @property
    def payload_data(self) -> dict:
        return json.loads(self.payload)

    @property
    def subject_ids(self) -> list[str]:
        return json.loads(self.subjects)


class ChainHead(models.Model):
    """The single row whose lock serialises appends: last sequence number and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s ledger entry", "%(count)s ledger entries", n) % {"count": n}

    def __str__(self):
        return f"head #{self.seq}"


class Checkpoint(ImmutableModel):
    """A signed checkpoint note (C2SP format); the copies outside the database count."""

    size = models.PositiveBigIntegerField(_("size"))
    root_hash = models.CharField(_("head hash"), max_length=64)
    note = models.TextField(_("signed note"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    destinations = models.JSONField(_("sent to"), default=list)

    class Meta(ImmutableModel.Meta):
        ordering = ["-size", "-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self):
        return f"checkpoint {self.size}"


class VerificationRun(ImmutableModel):
    """The outcome of one verification of the chain."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    ok = models.BooleanField(_("intact"))
    entries_checked = models.PositiveBigIntegerField(_("entries checked"))
    first_bad_seq = models.PositiveBigIntegerField(_("first bad sequence number"), null=True)
    problem = models.CharField(_("problem"), max_length=300, blank=True)
    checkpoints_checked = models.PositiveIntegerField(_("checkpoints checked"), default=0)
    # The chain head verified, and an Ed25519 signature over the run with the
    # checkpoint key (verification.run_signature_valid): a row inserted or
    # altered by someone without the key is not trusted by the integrity page.
    head_seq = models.PositiveBigIntegerField(_("head sequence number"), null=True)
    head_hash = models.CharField(_("head hash"), max_length=64, blank=True)
    outside_checkpoints = models.PositiveIntegerField(
        _("checkpoints from outside the database"), default=0
    )
    signature = models.CharField(_("signature"), max_length=128, blank=True, editable=False)
    # Who ran it: ``user:<pk>`` (Verify now) or ``system:<name>`` (a command or
    # task); empty for runs recorded before this was kept. Covered by the signature.
    actor = models.CharField(_("run by"), max_length=80, blank=True, default="", db_default="")

    class Meta(ImmutableModel.Meta):
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"
        verbose_name = _("verification run")
        verbose_name_plural = _("verification runs")

    def __str__(self):
        return f"verification {self.finished_at:%Y-%m-%d %H:%M} ok={self.ok}"


append_only.connect((LedgerEntry, Checkpoint, VerificationRun))
