"""The review-and-publish workflow's data (``disclosure.workflow``), shared by documents and by
other published content (policy interpretations, annual reports): statuses, the
confidentiality-review result, the abstract ``Publishable`` fields and the abstract audit-trail
event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from portal.models import Agency


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewResult(models.TextChoices):
    """保密审查 result recorded by the reviewer."""

    CLEAR = "clear", _("No secrets or sensitive information; may be published")
    REDACTED = "redacted", _("Sensitive passages removed; may be published")
    NOT_FOR_PUBLICATION = "not_for_publication", _("Must not be published")


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

    event_field: str

    if TYPE_CHECKING:
        # Every concrete model adds the agency it belongs to: the workflow's roles are
        # checked in it.
        agency: Agency
        agency_id: int

    class Meta:
        abstract = True

    @property
    def event_model(self) -> type[models.Model]:
        """The audit-trail model (a concrete ``WorkflowEvent``); a property, since it is
        declared after the item's model."""
        raise NotImplementedError


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
        """草稿 → 已提交审核: the caption of an audit-trail row, in the staff's language."""
        moved = [self.get_from_status_display(), self.get_to_status_display()]
        return " → ".join(text for text in moved if text) or self.action


class PublishedFile(models.Model):
    """What every file published with a record has: the original name (files are stored under
    generated names), an optional title, the checked content type, the size and an order.
    Concrete models add the record they belong to, the ``file`` field and the download URL."""

    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Shown instead of the file name.")
    )
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name


class WordingRule(models.Model):
    """A word checked before publication, site-wide: a sensitive word (敏感词) the reviewer must
    look at, or a wrong form with its right one (规范表述, e.g. the outdated name of a body).
    Hits are part of the pre-publication screening and resolved, or overridden with a reason,
    as its other hits are (``disclosure.screening``)."""

    class Kind(models.TextChoices):
        SENSITIVE = "sensitive", _("Sensitive word")
        CORRECTION = "correction", _("Wrong form")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    wrong = models.CharField(_("word or wrong form"), max_length=100)
    right = models.CharField(
        _("right form"),
        max_length=100,
        blank=True,
        help_text=_("For a wrong form: what to write instead."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("wording rule")
        verbose_name_plural = _("wording rules")
        ordering = ["kind", "wrong"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "wrong"], name="wordingrule_unique_word")
        ]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}" if self.right else self.wrong
