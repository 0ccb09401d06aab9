"""Proactive disclosure (主动公开): documents with their catalog metadata, the taxonomies they
are filed under, the standard catalogs and the negative list (domain-spec sections 2 and 3)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Agency

# --- Taxonomies ---------------------------------------------------------------------------


class Theme(models.Model):
    """主题分类: two levels, shown joined by a backslash (``科技、教育\\科技``)."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent theme"),
        limit_choices_to={"parent__isnull": True},
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="theme_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="theme_unique_top_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name


class Genre(models.Model):
    """体裁分类 (公文种类: 决定, 通知, 意见, ... plus 方案, 规划, 办法)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("genre")
        verbose_name_plural = _("genres")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# --- Negative list (负面清单) ---------------------------------------------------------------


class NegativeCategory(models.TextChoices):
    """The seed categories of domain-spec section 3."""

    SECURITY = (
        "security",
        _(
            "Endangers national defence, diplomacy, national security, territorial integrity or "
            "ethnic unity"
        ),
    )
    ECONOMY = "economy", _("Endangers economic or financial security")
    INVESTIGATION = (
        "investigation",
        _("Affects criminal investigation, administrative investigation or disciplinary review"),
    )
    RIGHTS = (
        "rights",
        _(
            "Unduly harms the lawful rights of citizens, legal persons or organisations "
            "(personal privacy, trade secrets)"
        ),
    )
    IP = "ip", _("Intellectual property")
    UNDECIDED = "undecided", _("Undecided matters in a decision process")
    INTERNAL = "internal", _("Internal affairs")


class LegalGround(models.TextChoices):
    """Non-disclosure grounds; they map onto the annual report's 不予公开 rows 1-8."""

    STATE_SECRET = "state_secret", _("State secret (Art 14)")
    LAW_FORBIDS = "law_forbids", _("Other laws or regulations forbid disclosure (Art 14)")
    SECURITY_STABILITY = (
        "security_stability",
        _("Endangers national, public or economic security or social stability (Art 14)"),
    )
    THIRD_PARTY = "third_party", _("Protects third-party rights: trade secrets, privacy (Art 15)")
    INTERNAL_AFFAIRS = "internal_affairs", _("Internal affairs (Art 16 ¶1)")
    PROCESS_INFORMATION = "process_information", _("Process information (Art 16 ¶2)")
    ENFORCEMENT_FILES = "enforcement_files", _("Administrative-enforcement case files (Art 16 ¶2)")
    INQUIRY = "inquiry", _("Administrative inquiry matters")


class NegativeListEntryQuerySet(models.QuerySet):
    def in_force(self, on: object = None) -> NegativeListEntryQuerySet:
        day = on or timezone.localdate()
        return self.filter(is_active=True, effective_date__lte=day)


class NegativeListEntry(models.Model):
    """One concretely described matter that is not disclosed; everything else is."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="negative_list", verbose_name=_("agency")
    )
    category = models.CharField(_("category"), max_length=20, choices=NegativeCategory.choices)
    matter = models.TextField(
        _("matter"), help_text=_("The specific information not disclosed, described concretely.")
    )
    legal_ground = models.CharField(_("legal ground"), max_length=24, choices=LegalGround.choices)
    basis = models.TextField(
        _("basis"), help_text=_("The legal provisions relied on, quoted or cited.")
    )
    keywords = models.TextField(
        _("screening keywords"),
        blank=True,
        help_text=_(
            "One per line or separated by commas; pre-publication screening looks for them."
        ),
    )
    effective_date = models.DateField(_("effective from"))
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Search freshness: older than updated_at (or empty) means the index must catch up.
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        verbose_name=_("negative-list entry history"), excluded_fields=["indexed_at"]
    )
    objects = NegativeListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("negative-list entry")
        verbose_name_plural = _("negative list")
        ordering = ["agency__path", "category", "id"]

    def __str__(self) -> str:
        return self.matter[:60]

    def keyword_list(self) -> list[str]:
        parts = self.keywords.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
        return [part.strip() for part in parts if part.strip()]


# --- Standard catalog (基层政务公开标准目录) -------------------------------------------------


class CatalogDomain(models.Model):
    """One of the 26 pilot domains (试点领域, 国办发〔2019〕54号); staff may edit the list."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("catalog domain")
        verbose_name_plural = _("catalog domains")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """公开渠道和载体: the fixed set of domain-spec section 2."""

    WEBSITE = "website", _("Government website")
    GAZETTE = "gazette", _("Government gazette")
    NEW_MEDIA = "new_media", _("Weibo, WeChat and the mobile app")
    BRIEFING = "briefing", _("Press conference / hearing")
    BROADCAST = "broadcast", _("Radio and television")
    PRINT = "print", _("Print media")
    READING_POINT = "reading_point", _("Public reading point")
    SERVICE_CENTRE = "service_centre", _("Government service centre")
    SERVICE_STATION = "service_station", _("Convenience service station")
    DOOR_TO_DOOR = "door_to_door", _("Door to door / on site")
    NOTICE_BOARD = "notice_board", _("Community, enterprise or village notice board (screen)")
    TARGETED_PUSH = "targeted_push", _("Targeted push")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    PUBLIC = "public", _("The whole of society")
    SPECIFIC = "specific", _("A specific group")


class CatalogMode(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive")
    ON_REQUEST = "on_request", _("On request")


class CatalogItemQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> CatalogItemQuerySet:
        return self.filter(agency=agency)


DEFAULT_TIME_LIMIT = "自信息形成或变更之日起20个工作日内"


class CatalogItem(models.Model):
    """A row of an agency's standard catalog; documents are filed under catalog items."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="catalog_items", verbose_name=_("agency")
    )
    domain = models.ForeignKey(
        CatalogDomain, on_delete=models.PROTECT, related_name="items", verbose_name=_("domain")
    )
    item_level1 = models.CharField(_("level-1 item"), max_length=100)
    item_level2 = models.CharField(_("level-2 item"), max_length=200, blank=True)
    content = models.TextField(_("content (elements)"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    time_limit = models.CharField(_("time limit"), max_length=200, default=DEFAULT_TIME_LIMIT)
    responsible = models.CharField(
        _("responsible agency"),
        max_length=200,
        help_text=_("公开主体 as it should be printed, e.g. 县财政局、各乡镇"),
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    mode = models.CharField(
        _("mode"), max_length=12, choices=CatalogMode.choices, default=CatalogMode.PROACTIVE
    )
    level_county = models.BooleanField(_("county level"), default=True)
    level_township = models.BooleanField(_("township level"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CatalogItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalog item")
        verbose_name_plural = _("catalog items")
        ordering = ["domain__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "domain", "item_level1", "item_level2"],
                name="catalogitem_unique_item",
            )
        ]

    def __str__(self) -> str:
        parts = [self.domain.name, self.item_level1, self.item_level2]
        return " / ".join(part for part in parts if part)

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(value, value)) for value in self.channels]

    def level_labels(self) -> list[str]:
        levels = []
        if self.level_county:
            levels.append(_("County level"))
        if self.level_township:
            levels.append(_("Township level"))
        return [str(level) for level in levels]


# --- Documents ------------------------------------------------------------------------------


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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


# 公开范围 of a document takes the same two values as 公开对象 of a catalog item.
Scope = Audience


class ReviewResult(models.TextChoices):
    """保密审查 result recorded by the reviewer."""

    CLEAR = "clear", _("No secrets or sensitive information; may be published")
    REDACTED = "redacted", _("Sensitive passages removed; may be published")
    NOT_FOR_PUBLICATION = "not_for_publication", _("Must not be published")


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


class Publishable(models.Model):
    """The fields of the review-and-publish workflow (``disclosure.workflow``), shared by
    documents and by other published content (policy interpretations).

    A concrete model names its audit-trail model in ``event_model`` and the foreign key from
    that model to it in ``event_field``.
    """

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("drafter"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("reviewer"),
    )
    publisher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("publisher"),
    )
    review_result = models.CharField(
        _("confidentiality review"),
        max_length=20,
        choices=ReviewResult.choices,
        blank=True,
        editable=False,
    )
    review_notes = models.TextField(_("review notes"), blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    event_model: type[models.Model]
    event_field: str

    class Meta:
        abstract = True


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A generated name: the original file name is kept in a field, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Document(Publishable):
    """A piece of government information (政府信息) with its catalog metadata."""

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
    is_normative = models.BooleanField(_("normative document"), default=False)
    # 三同步: normative documents, and those marked here, are published with an interpretation.
    needs_interpretation = models.BooleanField(_("needs an interpretation"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)

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


class Attachment(models.Model):
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
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Shown instead of the file name.")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:attachment", kwargs={"pk": self.pk})


class WorkflowEvent(models.Model):
    """One step in the audit trail of a publishable item (who, when, from, to, note); the
    concrete model adds the foreign key named by the item's ``event_field``."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        abstract = True
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


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


# --- Screening ----------------------------------------------------------------------------


class ScreeningRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="screenings", verbose_name=_("document")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.document_id} {self.state} {self.progress}%"


class ScreeningHit(models.Model):
    class Kind(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident ID number")
        MOBILE = "mobile", _("Mobile phone number")
        BANK_CARD = "bank_card", _("Bank card number")
        EMAIL = "email", _("E-mail address")
        KEYWORD = "keyword", _("Negative-list keyword")

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="hits")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=200)
    # The match is stored masked, so the screening record itself does not spread personal data.
    match = models.CharField(_("match"), max_length=100)
    context = models.TextField(_("context"))
    negative_entry = models.ForeignKey(
        NegativeListEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved = models.BooleanField(_("resolved"), default=False)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.location}"
