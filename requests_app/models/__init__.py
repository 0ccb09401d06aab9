"""Information requests (依申请公开, domain-spec section 4).

Applicants' identity numbers and contacts are encrypted at rest (a database dump alone does not
reveal them); lookups that need them (rate limits, per-applicant fee counts) use keyed hashes.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField

from disclosure.models import (
    Document,
    LegalGround,
    NegativeListEntry,
    Publishable,
    WorkflowEvent,
)
from portal.models import Agency


class ApplicantType(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Legal person or other organisation")


class OrganisationType(models.TextChoices):
    """Subtypes of the annual report's columns (domain-spec section 6)."""

    BUSINESS = "business", _("Business")
    RESEARCH = "research", _("Research institute")
    PUBLIC_INTEREST = "public_interest", _("Public-interest organisation")
    LEGAL_SERVICE = "legal_service", _("Legal-service organisation")
    OTHER = "other", _("Other")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    OTHER = "other", _("Other identity document")


class Channel(models.TextChoices):
    """How the request arrived; it decides the receipt date (Art 31)."""

    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    SIGNED_POST = "signed_post", _("Signed-for post")
    LETTER = "letter", _("Ordinary letter")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("E-mail")
    ORAL = "oral", _("Oral (written down by staff)")


class DeliveryMethod(models.TextChoices):
    EMAIL = "email", _("E-mail")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("Collect in person")
    ONLINE = "online", _("Online download")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting registration")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    CORRECTION = "correction", _("Awaiting correction")
    THIRD_PARTY = "third_party", _("Consulting a third party")
    AGENCY_CONSULT = "agency_consult", _("Consulting another agency")
    FEE_PENDING = "fee_pending", _("Awaiting fee payment")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.IN_PROGRESS,
    Status.CORRECTION,
    Status.THIRD_PARTY,
    Status.AGENCY_CONSULT,
    Status.FEE_PENDING,
]
# While in these states the answer clock does not run (Art 30, 32, 34; fee rules).
PAUSED_STATUSES = [Status.CORRECTION, Status.THIRD_PARTY, Status.AGENCY_CONSULT, Status.FEE_PENDING]


class Outcome(models.TextChoices):
    """Exactly one per closed request: the annual report's taxonomy (section 6, table 三)."""

    ALREADY_PUBLIC = "already_public", _("Already proactively published (told where)")
    DISCLOSED = "disclosed", _("Disclosed")
    PARTIAL = "partial", _("Partly disclosed")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("Not disclosed: state secret")
    WITHHELD_LAW_FORBIDS = (
        "withheld_law_forbids",
        _("Not disclosed: other laws and regulations forbid it"),
    )
    WITHHELD_SECURITY_STABILITY = (
        "withheld_security_stability",
        _("Not disclosed: endangers security or stability"),
    )
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("Not disclosed: third-party rights")
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs", _("Not disclosed: internal affairs")
    WITHHELD_PROCESS_INFORMATION = (
        "withheld_process_information",
        _("Not disclosed: process information"),
    )
    WITHHELD_ENFORCEMENT_FILES = (
        "withheld_enforcement_files",
        _("Not disclosed: administrative-enforcement case files"),
    )
    WITHHELD_INQUIRY = "withheld_inquiry", _("Not disclosed: administrative inquiry matter")
    UNABLE_NOT_HELD = "unable_not_held", _("Cannot provide: not held by this agency")
    UNABLE_NEEDS_CREATION = (
        "unable_needs_creation",
        _("Cannot provide: would have to be newly created"),
    )
    UNABLE_UNCLEAR = "unable_unclear", _("Cannot provide: still unclear after correction")
    NOT_PROCESSED_COMPLAINT = (
        "not_processed_complaint",
        _("Not processed: a petition, complaint or report"),
    )
    NOT_PROCESSED_REPEATED = "not_processed_repeated", _("Not processed: repeated request")
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication",
        _("Not processed: asks for a publication"),
    )
    NOT_PROCESSED_EXCESSIVE = (
        "not_processed_excessive",
        _("Not processed: unreasonably many requests without good reason"),
    )
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed_confirmation",
        _("Not processed: asks to confirm or reissue information already obtained"),
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        _("Other: no correction in time without good reason"),
    )
    OTHER_FEE_UNPAID = "other_fee_unpaid", _("Other: fee not paid in time")
    OTHER = "other", _("Other")


# The legal ground behind each 不予公开 outcome (the negative list uses the same grounds).
WITHHELD_GROUNDS: dict[str, str] = {
    Outcome.WITHHELD_STATE_SECRET: LegalGround.STATE_SECRET,
    Outcome.WITHHELD_LAW_FORBIDS: LegalGround.LAW_FORBIDS,
    Outcome.WITHHELD_SECURITY_STABILITY: LegalGround.SECURITY_STABILITY,
    Outcome.WITHHELD_THIRD_PARTY: LegalGround.THIRD_PARTY,
    Outcome.WITHHELD_INTERNAL_AFFAIRS: LegalGround.INTERNAL_AFFAIRS,
    Outcome.WITHHELD_PROCESS_INFORMATION: LegalGround.PROCESS_INFORMATION,
    Outcome.WITHHELD_ENFORCEMENT_FILES: LegalGround.ENFORCEMENT_FILES,
    Outcome.WITHHELD_INQUIRY: LegalGround.INQUIRY,
}


class RequestQuerySet(models.QuerySet):
    def open(self) -> RequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def running(self) -> RequestQuerySet:
        """Open requests whose answer clock is running."""
        return self.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS])

    def overdue(self, today: object = None) -> RequestQuerySet:
        day = today or timezone.localdate()
        return self.running().filter(due_date__lt=day)


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

    # What is asked for.
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


def _released_file_path(instance: models.Model, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"requests/released/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


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
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
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
        return f"{self.request_id} {self.action}"


class Correction(models.Model):
    """Art 30: one notice to supplement an unclear request, with a reasonable period."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="correction"
    )
    notified_on = models.DateField(_("notified on"))
    what_to_supplement = models.TextField(_("what to supplement"))
    period_workdays = models.PositiveSmallIntegerField(_("period (working days)"), default=15)
    due_on = models.DateField(_("correction due"))
    received_on = models.DateField(_("correction received"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction notice")
        verbose_name_plural = _("correction notices")

    def __str__(self) -> str:
        return f"{self.request_id} correction"


class Pause(models.Model):
    """A stretch of time not counted in the answer period (Art 32, Art 34, fee rules)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("Third-party consultation (Art 32)")
        AGENCY = "agency", _("Consultation of another agency (Art 34)")
        FEE = "fee", _("Fee notice")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    started_on = models.DateField(_("paused from"))
    ended_on = models.DateField(_("paused until"), null=True, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    party = models.CharField(_("consulted party"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}–{self.ended_on or ''}"


class Extension(models.Model):
    """Art 33: at most 20 more working days, approved by the office head."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="extensions"
    )
    workdays = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"))
    applicant_informed_on = models.DateField(_("applicant informed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"+{self.workdays}"


class FeeNotice(models.Model):
    class Method(models.TextChoices):
        BY_COUNT = "by_count", _("By count (per request in the month)")
        BY_VOLUME = "by_volume", _("By volume (pages)")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="fees")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    quantity = models.PositiveIntegerField(
        _("basis"), help_text=_("By count: the request's number in the applicant's month; by "
                                "volume: the number of pages.")
    )  # fmt: skip
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    sent_on = models.DateField(_("sent on"))
    received_on = models.DateField(_("received by the applicant on"))
    pay_by = models.DateField(_("pay by"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    waived = models.BooleanField(_("waived"), default=False)
    waiver_reason = models.TextField(_("waiver decision"), blank=True)

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")

    def __str__(self) -> str:
        return f"{self.request_id} ¥{self.amount}"


class Answer(models.Model):
    """The answer (Art 36): one outcome, its grounds, the letter and how it was delivered."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="answer"
    )
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices)
    negative_entry = models.ForeignKey(
        NegativeListEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("negative-list entry"),
    )  # fmt: skip
    published_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("where it is published"),
    )  # fmt: skip
    referred_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("the agency that holds it"),
    )  # fmt: skip
    reasons = models.TextField(_("reasons and explanation"), blank=True)
    withheld_parts = models.TextField(_("parts withheld and why (Art 37)"), blank=True)
    letter_html = models.TextField(_("answer letter"), editable=False)
    answered_on = models.DateField(_("answered on"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivery_method = models.CharField(
        _("delivered by"), max_length=12, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(
        _("delivered on"), null=True, blank=True,
        help_text=_("By post: the day handed to the postal service (交邮之日)."),
    )  # fmt: skip
    published_as = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="source_requests",
        verbose_name=_("published proactively as (Art 44)"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.request_id} {self.get_outcome_display()}"


class ReleasedFile(models.Model):
    """A file released to the applicant (e.g. a redacted copy uploaded by staff)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_released_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("released file")
        verbose_name_plural = _("released files")

    def __str__(self) -> str:
        return self.original_name


class Review(models.Model):
    """行政复议 / 行政诉讼 brought over a request (annual report table 四)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
        LITIGATION_DIRECT = "litigation_direct", _("Litigation without reconsideration")
        LITIGATION_AFTER = "litigation_after", _("Litigation after reconsideration")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        CORRECTED = "corrected", _("Corrected")
        OTHER = "other", _("Other result")
        PENDING = "pending", _("Not yet concluded")

    request = models.ForeignKey(
        InformationRequest, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    filed_on = models.DateField(_("filed on"))
    body = models.CharField(_("reconsideration body or court"), max_length=200, blank=True)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reconsideration or litigation")
        verbose_name_plural = _("reconsiderations and litigation")
        ordering = ["-filed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()


class TrackingSequence(models.Model):
    """Last tracking number used per year (``2026-000123``), taken under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ReminderSent(models.Model):
    """One row per reminder sent, so that running the reminder task twice sends nothing twice."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "due_date"], name="remindersent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.due_date}"


# --- Annual report (政府信息公开工作年度报告, domain-spec section 6) ------------------------


class AnnualFigures(models.Model):
    """Table 二 figures that live outside the portal, entered by staff for an agency and year."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="annual_figures", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Rules (规章) are made only by provincial and larger-city governments, and the portal has
    # no genre for them: the counts are entered here.
    rules_issued = models.PositiveIntegerField(_("rules issued"), default=0)
    rules_repealed = models.PositiveIntegerField(_("rules repealed"), default=0)
    rules_in_force = models.PositiveIntegerField(_("rules in force"), default=0)
    licensing_decisions = models.PositiveIntegerField(
        _("administrative licensing decisions"), default=0
    )
    penalty_decisions = models.PositiveIntegerField(
        _("administrative penalty decisions"), default=0
    )
    coercion_decisions = models.PositiveIntegerField(
        _("administrative coercion decisions"), default=0
    )
    fees_collected = models.DecimalField(
        _("administrative fees collected (10,000 yuan)"), max_digits=14, decimal_places=4,
        default=0,
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual report figures")
        verbose_name_plural = _("annual report figures")
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annualfigures_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class AnnualReport(Publishable):
    """An agency's annual report for one year; a government's is government-wide (本级政府及
    其部门). The tables are computed live while drafting and frozen at publication."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="annual_reports", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    section_overview = models.TextField(_("section 1: overview"), blank=True)
    section_problems = models.TextField(_("section 5: main problems and improvements"), blank=True)
    section_other = models.TextField(_("section 6: other matters to report"), blank=True)
    frozen_tables = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annualreport_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse(
            "annual_reports:detail", kwargs={"code": self.agency.code, "year": self.year}
        )

    @property
    def event_model(self) -> type[models.Model]:
        return AnnualReportEvent

    event_field = "report"


class AnnualReportEvent(WorkflowEvent):
    """The audit trail of an annual report: one row per workflow step."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        pass
