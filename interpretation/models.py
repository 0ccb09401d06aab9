"""Policy interpretation and response (政策解读与回应关切, domain-spec section 5): interpretations
of policy documents, the policy Q&A knowledge base, and consultations on major decisions
(重大决策预公开) with their public comments and adoption report.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from disclosure.models import Document
from portal.html_content import has_content
from portal.models import Agency
from portal.typed import StrOrPromise
from publishing.models import Publishable, PublishedFile, Status, WorkflowEvent

# --- Interpretations ----------------------------------------------------------------------


class Form(models.TextChoices):
    """解读形式."""

    TEXT = "text", _("Text interpretation")
    GRAPHIC = "graphic", _("Graphic interpretation")
    AUDIO = "audio", _("Audio interpretation")
    VIDEO = "video", _("Video interpretation")
    QA = "qa", _("Questions and answers")
    EXPERT = "expert", _("Expert interpretation")
    MEDIA = "media", _("Media interpretation")
    BRIEFING = "briefing", _("Press conference or policy briefing")


# The structured content of an interpretation (domain-spec section 5), in the order shown.
SECTIONS: list[tuple[str, StrOrPromise]] = [
    ("background", _("Background and basis")),
    ("purpose", _("Purpose and significance")),
    ("main_content", _("Main content")),
    ("scope", _("Scope of application")),
    ("standards", _("Standards")),
    ("time_limits", _("Time limits")),
    ("terms", _("Explanation of terms")),
    ("attention", _("Points of attention")),
]
SECTION_FIELDS = [name for name, _label in SECTIONS]


class InterpretationQuerySet(models.QuerySet):
    def published(self) -> InterpretationQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> InterpretationQuerySet:
        """What has a public page: published, or withdrawn (shown with a notice only)."""
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])


# The bodies written in the editor are sanitised HTML (interpretation.bodies).
BODY_HELP = _(
    "Headings, lists, tables and links from the toolbar; text pasted from Word or WPS keeps its "
    "structure, not its fonts and colours. Scripts, styles and images from other sites are "
    "removed when saved."
)


def _section_field(label: StrOrPromise) -> models.TextField:
    return models.TextField(label, blank=True, help_text=BODY_HELP)


class Interpretation(Publishable):
    """A policy interpretation (政策解读) of one or more documents, published through the
    same review-and-publish workflow as documents (``disclosure.workflow``)."""

    workflow_policy = "interpretation.publishing.InterpretationPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="interpretations", verbose_name=_("agency")
    )
    documents = models.ManyToManyField(
        Document,
        related_name="interpretations",
        verbose_name=_("interpreted documents"),
        help_text=_("The policy documents this interpretation explains."),
    )
    if TYPE_CHECKING:
        # The published ones of ``documents``, where a Prefetch(to_attr=...) has read them.
        published_documents: list[Document]
    form = models.CharField(
        _("form of interpretation"), max_length=10, choices=Form.choices, default=Form.TEXT
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    background = _section_field(_("Background and basis"))
    purpose = _section_field(_("Purpose and significance"))
    main_content = _section_field(_("Main content"))
    scope = _section_field(_("Scope of application"))
    standards = _section_field(_("Standards"))
    time_limits = _section_field(_("Time limits"))
    terms = _section_field(_("Explanation of terms"))
    attention = _section_field(_("Points of attention"))
    # 谁起草、谁解读: the drafting department interprets its own policy.
    department = models.CharField(
        _("interpreting department"),
        max_length=200,
        help_text=_("The department that drafted the policy and interprets it."),
    )
    interpreter = models.CharField(
        _("interpreter"),
        max_length=100,
        blank=True,
        help_text=_("The person who interprets it, e.g. the head of the drafting department."),
    )
    interpreter_title = models.CharField(_("interpreter's position"), max_length=200, blank=True)
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_("The full text of the audio or video; required with audio or video."),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InterpretationQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy interpretation")
        verbose_name_plural = _("policy interpretations")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interpretation:detail", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return InterpretationEvent

    event_field = "interpretation"

    def sections(self) -> list[tuple[StrOrPromise, str]]:
        """The (label, body) of every section with something in it, in the fixed order."""
        return [
            (label, getattr(self, name))
            for name, label in SECTIONS
            if has_content(getattr(self, name))
        ]

    def has_sections(self) -> bool:
        return any(has_content(getattr(self, name)) for name in SECTION_FIELDS)


def _media_path(instance: InterpretationMedia, filename: str) -> str:
    # A generated name: the original file name is kept in a field, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"interpretation/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Image (graphic interpretation)")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")
    POSTER = "poster", _("Poster image")
    CAPTIONS = "captions", _("Captions (WebVTT)")


# One of each per interpretation; images are many, shown in order.
SINGLE_MEDIA = [MediaKind.AUDIO, MediaKind.VIDEO, MediaKind.POSTER, MediaKind.CAPTIONS]


class InterpretationMedia(models.Model):
    interpretation = models.ForeignKey(
        Interpretation,
        on_delete=models.CASCADE,
        related_name="media",
        verbose_name=_("interpretation"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=_media_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=500,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it; required for images."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("media file")
        verbose_name_plural = _("media files")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interpretation", "kind"],
                condition=Q(kind__in=SINGLE_MEDIA),
                name="interpretationmedia_one_of_each",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MediaKind.IMAGE) | ~Q(alt_text=""),
                name="interpretationmedia_image_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("interpretation:media", kwargs={"pk": self.pk})


class InterpretationEvent(WorkflowEvent):
    """The audit trail of an interpretation: one row per workflow step."""

    interpretation = models.ForeignKey(
        Interpretation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("interpretation"),
    )

    class Meta(WorkflowEvent.Meta):
        pass


class InterpretationWaiver(models.Model):
    """三同步: a document that needed an interpretation was published without one, and why."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="interpretation_waivers",
        verbose_name=_("document"),
    )  # fmt: skip
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("publication without interpretation")
        verbose_name_plural = _("publications without interpretation")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.reason[:40]}"


# --- Policy Q&A (政策问答) ----------------------------------------------------------------


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True, allow_unicode=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PolicyQuestionQuerySet(models.QuerySet):
    def published(self) -> PolicyQuestionQuerySet:
        return self.filter(is_published=True)


class PolicyQuestion(models.Model):
    """An entry of the policy Q&A knowledge base, answered by the agency."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="policy_questions", verbose_name=_("agency")
    )
    question = models.CharField(_("question"), max_length=500)
    answer = models.TextField(_("answer"))
    documents = models.ManyToManyField(
        Document, blank=True, related_name="policy_questions", verbose_name=_("documents")
    )
    if TYPE_CHECKING:
        # The published ones of ``documents``, where a Prefetch(to_attr=...) has read them.
        published_documents: list[Document]
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="questions", verbose_name=_("topics")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only publishers may publish an entry.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Art 15: published despite screening hits, by whom and why (interpretation.questions).
    screening_override = models.TextField(_("screening override"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PolicyQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy Q&A entry")
        verbose_name_plural = _("policy Q&A")
        ordering = ["order", "-updated_at", "-id"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("interpretation:question", kwargs={"pk": self.pk})


# --- Consultations (重大决策预公开 / 意见征集) ------------------------------------------------


class ConsultationQuerySet(models.QuerySet):
    def published(self) -> ConsultationQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> ConsultationQuerySet:
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])

    def due_to_close(self, today: object) -> ConsultationQuerySet:
        return self.published().filter(closed_at__isnull=True, closes_on__lt=today)


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Not yet open")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Comments closed")


class Consultation(Publishable):
    """A draft decision published for public comment within a fixed period."""

    workflow_policy = "interpretation.publishing.ConsultationPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("agency")
    )
    title = models.CharField(_("title"), max_length=300)
    draft_text = models.TextField(_("draft text"), help_text=_("The draft as put up for comment."))
    basis = models.TextField(_("basis"), help_text=_("The laws, policies and facts it rests on."))
    explanation = models.TextField(
        _("explanation"), help_text=_("起草说明: why, how it was drafted, the main points.")
    )
    opens_on = models.DateField(_("comments open on"))
    closes_on = models.DateField(_("comments close on"), help_text=_("The last day for comments."))
    short_period_reason = models.TextField(
        _("reason for a period under 30 days"),
        blank=True,
        help_text=_("Shown on the page when comments are taken for less than 30 days."),
    )
    contact = models.CharField(
        _("contact for comments by post or phone"), max_length=300, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    report = models.TextField(
        _("adoption report"),
        blank=True,
        help_text=_("意见采纳情况: how the comments were considered, published after closing."),
    )
    report_published_at = models.DateTimeField(
        _("report published at"), null=True, blank=True, editable=False
    )
    report_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interpretation:consultation", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return ConsultationEvent

    event_field = "consultation"

    def phase(self, today: dt.date | None = None) -> str:
        day = today or timezone.localdate()
        if self.closed_at is not None or day > self.closes_on:
            return Phase.CLOSED
        if day < self.opens_on:
            return Phase.UPCOMING
        return Phase.OPEN

    def days_left(self, today: dt.date | None = None) -> int:
        """The days on which comments are still taken, today included (1 on the last day)."""
        day = today or timezone.localdate()
        return max((self.closes_on - day).days + 1, 0)

    @property
    def period_days(self) -> int:
        return (self.closes_on - self.opens_on).days + 1


def _consultation_path(instance: ConsultationAttachment, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"consultations/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ConsultationAttachment(PublishedFile):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments",
        verbose_name=_("consultation"),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=_consultation_path, max_length=200)

    class Meta(PublishedFile.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("interpretation:consultation_attachment", kwargs={"pk": self.pk})


class ConsultationEvent(WorkflowEvent):
    """The audit trail of a consultation: workflow steps, closing, moderation, the report."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("consultation"),
    )

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        return self.filter(moderation=Moderation.APPROVED)


class Comment(models.Model):
    """A public comment on a consultation. Shown only once approved; the contact never is."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments",
        verbose_name=_("consultation"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=50, blank=True)
    # Personal data, never shown publicly: encrypted, so a database dump alone does not reveal it.
    contact = EncryptedCharField(_("contact"), max_length=100)
    body = models.TextField(_("comment"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("moderated by"),
    )  # fmt: skip
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    adoption = models.CharField(_("adoption"), max_length=12, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField(_("reason"), blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["consultation", "moderation"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(moderation=Moderation.REJECTED) | ~Q(rejection_reason=""),
                name="comment_rejection_has_reason",
            )
        ]

    def __str__(self) -> str:
        return self.body[:40]
