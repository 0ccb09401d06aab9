"""The information request itself (依申请公开, domain-spec section 4), the applicant's files,
the timeline and the tracking-number sequence.

Applicants' identity numbers and contacts are encrypted at rest (a database dump alone does not
reveal them); lookups that need them (rate limits, per-applicant fee counts) use keyed hashes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField

from portal.models import Agency
from requests_app.models.choices import (
    CLOCK_STATUSES,
    OPEN_STATUSES,
    PAUSED_STATUSES,
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    OrganisationType,
    Outcome,
    RequestKind,
    Status,
)


class RequestQuerySet(models.QuerySet["InformationRequest"]):
    def open(self) -> RequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def running(self) -> RequestQuerySet:
        """Open requests whose answer clock is running."""
        return self.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS])

    def overdue(self, today: dt.date | None = None) -> RequestQuerySet:
        """Past the answer due date and not yet answered in law: the clock runs, or a
        consultation has outlasted its reply period (the due date counts the pause only up to
        it), or the answer is written but not delivered (an answer is given on its delivery
        date, for post the day it is handed to the postal service)."""
        day = today or timezone.localdate()
        return self.filter(status__in=CLOCK_STATUSES, due_date__lt=day)


class InformationRequest(models.Model):
    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    access_code_hash = models.CharField(max_length=128, editable=False)
    # Set once the receipt with the access code went out: a receipt task run again (queued
    # twice, redelivered) sends nothing.
    receipt_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="information_requests",
        verbose_name=_("agency"),
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    received_on = models.DateField(
        _("receipt date"), null=True, blank=True,
        help_text=_("Art 31: the day the request counts as received."),
    )  # fmt: skip

    # Applicant (Art 29). Personal data: encrypted, shown only to the handling agency's staff.
    applicant_type = models.CharField(
        _("applicant type"), max_length=12, choices=ApplicantType.choices
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=16, choices=OrganisationType.choices, blank=True
    )
    name = EncryptedCharField(_("name"), max_length=200)
    id_type = models.CharField(_("ID type"), max_length=12, choices=IdType.choices, blank=True)
    id_number = EncryptedCharField(_("ID number"), max_length=64, null=True, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_representative = EncryptedCharField(
        _("legal representative"), max_length=100, null=True, blank=True
    )
    contact_person = EncryptedCharField(_("contact person"), max_length=100, null=True, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40)
    email = EncryptedEmailField(_("e-mail"), null=True, blank=True)
    address = EncryptedCharField(_("postal address"), max_length=300, null=True, blank=True)
    postcode = models.CharField(_("postal code"), max_length=6, blank=True)
    # Keyed hashes: the same applicant across requests (fees per month), rate limits by e-mail.
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)
    email_key = models.CharField(max_length=64, db_index=True, blank=True, editable=False)
    # Set when the retention sweep replaced the applicant's identity and contacts
    # (requests_app.retention); the statistics fields stay.
    pseudonymised_on = models.DateField(
        _("pseudonymised on"), null=True, blank=True, editable=False
    )

    # What is asked for.
    kind = models.CharField(
        _("kind of request"), max_length=20, choices=RequestKind.choices,
        default=RequestKind.DISCLOSURE,
    )  # fmt: skip
    # Art 4 of the fee rules (一事一申请): staff may split an application asking for several
    # matters into one request per matter; each has its own tracking number and counts alone.
    split_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="split_requests",
        verbose_name=_("split from"),
    )  # fmt: skip
    description = models.TextField(_("information requested"))
    document_title = models.CharField(_("document title"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    delivery_method = models.CharField(
        _("how to receive it"), max_length=12, choices=DeliveryMethod.choices
    )
    delivery_form = models.CharField(_("form"), max_length=12, choices=DeliveryForm.choices)
    fee_waiver_requested = models.BooleanField(_("fee waiver requested"), default=False)
    fee_waiver_reason = models.TextField(_("reason for the fee waiver"), blank=True)

    # Handling.
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("handler"),
    )  # fmt: skip
    corrected_on = models.DateField(
        _("corrected request received"), null=True, blank=True,
        help_text=_("Art 30: the 20-working-day clock restarts from this day."),
    )  # fmt: skip
    due_date = models.DateField(_("answer due"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    subject_key = models.CharField(
        max_length=200, blank=True, db_index=True, editable=False,
        help_text=_("Normalised subject, to spot information asked for by several applicants "
                    "(Art 44)."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["applicant_key", "submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | ~Q(outcome=""),
                name="request_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    def get_admin_url(self) -> str:
        return reverse("admin:requests_app_informationrequest_change", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status in PAUSED_STATUSES


def _applicant_file_path(instance: models.Model, filename: str) -> str:
    # A generated name: the applicant's file name may itself be personal data.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"requests/applicant/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RequestFile(models.Model):
    """A file the applicant sent with the request (e.g. proof of identity). Never public."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_applicant_file_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("applicant's file")
        verbose_name_plural = _("applicant's files")

    def __str__(self) -> str:
        return self.original_name


class RequestEvent(models.Model):
    """The append-only timeline: who, when, what, and whether the applicant sees it."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)  # "申请人", "系统"
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    public_note = models.TextField(_("what the applicant is told"), blank=True)
    visible_to_applicant = models.BooleanField(_("visible to the applicant"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Set once the applicant was e-mailed about this event: a resent task sends nothing twice.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        """The change of status (已受理 → 办理中), or the time of a step that changed none: the
        caption of a timeline row, in the staff's language."""
        moved = [self.get_from_status_display(), self.get_to_status_display()]
        if any(moved):
            return " → ".join(text for text in moved if text)
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class TrackingSequence(models.Model):
    """Last tracking number used per year (``2026-000123``), taken under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
