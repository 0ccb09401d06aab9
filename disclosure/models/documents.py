"""Documents (政府信息) with their catalog metadata, attachments and audit trail, and the
per-agency index-number sequences."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models.catalog import Audience, CatalogItem
from disclosure.models.negative_list import NegativeListEntry
from disclosure.models.taxonomy import Genre, Theme
from portal.models import Agency
from publishing.models import Publishable, PublishedFile, Status, WorkflowEvent


class Validity(models.TextChoices):
    VALID = "valid", _("In force")
    EXPIRED = "expired", _("Expired")
    REPEALED = "repealed", _("Repealed")
    AMENDED = "amended", _("Amended")


class DisclosureAttribute(models.TextChoices):
    """公开方式, decided when the document is drafted (公开属性源头认定)."""

    PROACTIVE = "proactive", _("Proactive disclosure")
    ON_REQUEST = "on_request", _("Disclosed on request")
    WITHHELD = "withheld", _("Not disclosed")


class StatutoryCategory(models.IntegerChoices):
    """The items of Art 20 (2019): what every agency discloses proactively. The Chinese labels
    are the article's own words (translated in the message catalogue, word for word)."""

    RULES = 1, _("Administrative regulations, rules and normative documents")
    AGENCY = (
        2,
        _(
            "Functions, structure, office address, office hours, contacts and the names of the "
            "heads"
        ),
    )
    PLANS = (
        3,
        _(
            "National economic and social development plans, special plans, regional plans and "
            "related policies"
        ),
    )
    STATISTICS = 4, _("National economic and social development statistics")
    LICENSING = (
        5,
        _(
            "The basis, conditions and procedure of administrative licensing and other external "
            "management services, and their results"
        ),
    )
    ENFORCEMENT = (
        6,
        _(
            "The basis, conditions and procedure of administrative penalties and administrative "
            "compulsion, and the penalty decisions the agency considers of some social impact"
        ),
    )
    BUDGETS = 7, _("Fiscal budgets and final accounts")
    FEES = 8, _("Administrative fee items, their basis and rates")
    PROCUREMENT = (
        9,
        _("The catalogue, standards and implementation of government centralised procurement"),
    )
    PROJECTS = 10, _("The approval and implementation of major construction projects")
    LIVELIHOOD = (
        11,
        _(
            "Policies, measures and their implementation for poverty relief, education, medical "
            "care, social security, promotion of employment and the like"
        ),
    )
    EMERGENCIES = 12, _("Emergency plans, warnings and responses for public emergencies")
    SUPERVISION = (
        13,
        _(
            "Supervision and inspection of environmental protection, public health, work safety, "
            "food and drugs, and product quality"
        ),
    )
    RECRUITMENT = (
        14,
        _(
            "The posts, numbers and requirements of civil-service recruitment examinations, and "
            "the results of recruitment"
        ),
    )
    OTHER = (
        15,
        _(
            "Other government information that laws, administrative regulations, rules and "
            "relevant state provisions require to be disclosed proactively"
        ),
    )


# 公开范围 of a document takes the same two values as 公开对象 of a catalog item.
Scope = Audience


class DocumentQuerySet(models.QuerySet):
    def published(self) -> DocumentQuerySet:
        """What the public may see in full: published and proactively disclosed."""
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> DocumentQuerySet:
        """What has a public page: published, or withdrawn (shown with a notice, no body)."""
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])

    def with_metadata(self) -> DocumentQuerySet:
        return self.select_related("agency", "theme__parent", "genre", "catalog_item__domain")

    def late(self, today: object = None) -> DocumentQuerySet:
        """Not published although the Art 26 period (20 working days from forming) ran out."""
        day = today or timezone.localdate()
        return self.filter(
            status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED],
            publish_due__lt=day,
            disclosure_attribute=DisclosureAttribute.PROACTIVE,
        )


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A generated name: the original file name is kept in a field, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Document(Publishable):
    """A piece of government information (政府信息) with its catalog metadata."""

    workflow_policy = "disclosure.workflow.DocumentPolicy"

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("issuing agency"),
    )
    co_issuers = models.ManyToManyField(
        Agency, blank=True, related_name="co_issued_documents", verbose_name=_("co-issuers")
    )
    issuer_display = models.CharField(
        _("issuer as printed"),
        max_length=300,
        blank=True,
        help_text=_(
            "发文机关 as printed when it differs from the agencies, e.g. a joint issue "
            "with a party committee office."
        ),
    )
    index_number = models.CharField(
        _("index number"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("title"), max_length=500)
    doc_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("e.g. 丽委办发〔2016〕81号")
    )
    # The document number with brackets and spaces unified, so 〔2016〕81号 finds [2016]81号.
    doc_number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    date_formed = models.DateField(_("date formed"))
    date_published = models.DateField(_("date published"), null=True, blank=True, editable=False)
    publish_due = models.DateField(
        _("publication due"),
        null=True,
        editable=False,
        help_text=_("Art 26: 20 working days after the date formed."),
    )
    publish_due_provisional = models.BooleanField(default=False, editable=False)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("theme")
    )
    genre = models.ForeignKey(
        Genre, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("genre")
    )
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    catalog_item = models.ForeignKey(
        CatalogItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("catalog item"),
    )
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    expiry_date = models.DateField(_("expires on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("amended or superseded by"),
    )
    disclosure_attribute = models.CharField(
        _("disclosure attribute"),
        max_length=12,
        choices=DisclosureAttribute.choices,
        default=DisclosureAttribute.PROACTIVE,
    )
    withheld_reason = models.ForeignKey(
        NegativeListEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("reason not disclosed"),
    )
    scope = models.CharField(
        _("disclosure scope"), max_length=10, choices=Scope.choices, default=Scope.PUBLIC
    )
    # Art 20: the category of information disclosed proactively by law. Left empty, the
    # document's normative flag, theme and catalog domain place it (``disclosure.statutory``).
    statutory_category = models.PositiveSmallIntegerField(
        _("category under Art 20"), choices=StatutoryCategory.choices, null=True, blank=True
    )
    is_normative = models.BooleanField(_("normative document"), default=False)
    # 三同步: normative documents, and those marked here, are published with an interpretation.
    needs_interpretation = models.BooleanField(_("needs an interpretation"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    # 历史文件: a document of the backlog, published long ago elsewhere (on paper, an earlier
    # site) and brought in by a bulk import (``disclosure.backlog``). It keeps its own dates
    # (发布日期 too, which the workflow does not replace), its index number is taken in the
    # year it was published, and Art 26's time limit does not apply to it.
    is_historical = models.BooleanField(_("historical document"), default=False, editable=False)
    import_batch = models.ForeignKey(
        "disclosure.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="documents",
        verbose_name=_("import batch"),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date_published", "-id"]
        indexes = [
            models.Index(fields=["status", "-date_published", "-id"]),
            models.Index(fields=["agency", "status", "-date_published"]),
            models.Index(fields=["status", "publish_due"]),
            # The catalog's validity filter and facet count from the index alone (bench/load:
            # 1.4 ms instead of a 160 ms scan of 100,000 documents).
            models.Index(fields=["status", "validity"], name="document_status_validity"),
            models.Index(fields=["agency", "status", "statutory_category"]),
            # The catalog's 历史文件 filter: few documents among many.
            models.Index(
                fields=["status", "-date_published"],
                condition=Q(is_historical=True),
                name="document_historical",
            ),
            # The open-data catalog's 最近更新 of the documents dataset (opendata.figures):
            # MAX(updated_at) of the published read from the index's end, not by reading every
            # published row (bench: 120 ms a page of an agency column at 100,000 documents).
            models.Index(fields=["status", "updated_at"], name="document_status_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(disclosure_attribute=DisclosureAttribute.WITHHELD)
                | Q(withheld_reason__isnull=False),
                name="document_withheld_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(expiry_date__gte=models.F("effective_date")),
                name="document_expiry_after_effective",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:document", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return DocumentEvent

    event_field = "document"

    @property
    def issuer_names(self) -> str:
        if self.issuer_display:
            return self.issuer_display
        names = [self.agency.name, *(agency.name for agency in self.co_issuers.all())]
        return "、".join(names)

    @property
    def is_late(self) -> bool:
        reference = self.date_published or timezone.localdate()
        return bool(self.publish_due and reference > self.publish_due)


class TextSource(models.TextChoices):
    """Where an attachment's extracted text came from: the file's own text (a text layer, a
    DOCX), or optical character recognition of a scanned page or image (机器识别)."""

    NONE = "", _("No text extracted")
    TEXT_LAYER = "text_layer", _("Text layer")
    OCR = "ocr", _("Machine-read (OCR)")


class TextStatus(models.TextChoices):
    """How reading an attachment's text went (``disclosure.textract.attachment_read_text``)."""

    PENDING = "", _("Text not read yet")
    DONE = "done", _("Text read")
    PARTIAL = "partial", _("Text partly read")
    FAILED = "failed", _("Text could not be read")
    UNAVAILABLE = "unavailable", _("OCR not available on this server")


class Attachment(PublishedFile):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOC = "doc", "DOC"
        DOCX = "docx", "DOCX"
        XLS = "xls", "XLS"
        XLSX = "xlsx", "XLSX"
        OFD = "ofd", "OFD"
        WPS = "wps", "WPS"
        IMAGE = "image", _("Image")
        ZIP = "zip", "ZIP"

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_source = models.CharField(
        _("source of the text"),
        max_length=10,
        choices=TextSource.choices,
        blank=True,
        default=TextSource.NONE,
        editable=False,
    )
    text_status = models.CharField(
        _("text reading"),
        max_length=12,
        choices=TextStatus.choices,
        blank=True,
        default=TextStatus.PENDING,
        editable=False,
    )
    # For staff: what went wrong or was left out (never any of the file's text).
    text_note = models.CharField(_("text reading note"), max_length=300, blank=True, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta(PublishedFile.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("disclosure:attachment", kwargs={"pk": self.pk})

    @property
    def machine_read(self) -> bool:
        return self.text_source == TextSource.OCR and bool(self.text)


class DocumentEvent(WorkflowEvent):
    """The audit trail: one row per workflow step (who, when, from, to, note)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="events", verbose_name=_("document")
    )

    class Meta(WorkflowEvent.Meta):
        pass


class IndexSequence(models.Model):
    """The last index-number sequence used per agency and year.

    A row is locked (SELECT ... FOR UPDATE) while a number is taken, so two publishers never
    get the same number, and numbers only grow, so a withdrawn document's number is never
    handed out again.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="indexsequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class PublicationDuty(models.Model):
    """Art 26: information that changes is published within 20 working days of the change,
    as new information is within 20 working days of being formed (that first duty is the
    document's own ``publish_due``). One row per change of a published document: amended,
    corrected, repealed or another change of validity."""

    class Change(models.TextChoices):
        AMENDED = "amended", _("Amended")
        CORRECTED = "corrected", _("Corrected")
        REPEALED = "repealed", _("Repealed")
        VALIDITY = "validity", _("Validity changed")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="publication_duties",
        verbose_name=_("document"),
    )  # fmt: skip
    change = models.CharField(_("change"), max_length=12, choices=Change.choices)
    changed_on = models.DateField(_("changed on"), help_text=_("The day the information changed."))
    workdays = models.PositiveSmallIntegerField(_("time limit (working days)"), default=20)
    due_on = models.DateField(_("to be published by"))
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    published_on = models.DateField(_("change published on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publication duty (Art 26)")
        verbose_name_plural = _("publication duties (Art 26)")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["published_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_change_display()} {self.changed_on}"

    @property
    def is_late(self) -> bool:
        reference = self.published_on or timezone.localdate()
        return reference > self.due_on
