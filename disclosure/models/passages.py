"""The passages of a published document (章, 条, 款, numbered items, paragraphs), each with an
address on the document's page, so that an answer or a citation can point at one of them.

Written only by ``disclosure.passages.passages_sync`` (from the publishing workflow and the demo
loader); how a text is split and why an anchor outlives edits is explained there.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.models.documents import Document
from publishing.models import Status


class PassageKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter")  # 第一章 (and 第一节 under it)
    ARTICLE = "article", _("Article")  # 第一条, with its first paragraph (第一款)
    CLAUSE = "clause", _("Clause")  # 第二款 and later paragraphs of an article
    ITEM = "item", _("Numbered item")  # 一、 （一） 1. （1） 一是 of a notice without 条
    PARAGRAPH = "paragraph", _("Paragraph")  # a paragraph without a number of its own


class DocumentPassageQuerySet(models.QuerySet):
    def published(self) -> DocumentPassageQuerySet:
        """Passages the public may read: of published documents."""
        return self.filter(document__status=Status.PUBLISHED)

    def searchable(self) -> DocumentPassageQuerySet:
        """What the search index holds: passages with text beyond a bare heading."""
        return self.published().filter(has_body=True)


class DocumentPassage(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="passages", verbose_name=_("document")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PassageKind.choices)
    # The value of its own number: 5 for 第五条, （五） and 5.; none for a plain paragraph.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    label = models.CharField(_("number as printed"), max_length=40, blank=True)
    # Where it stands, as people cite it: 第二章 第五条, 第五条第二款, 三、（一）.
    citation = models.CharField(_("citation"), max_length=200, blank=True)
    # The headings of the chapters and items it stands under, for context.
    context = models.CharField(_("headings above it"), max_length=500, blank=True)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    has_body = models.BooleanField(default=True)
    order = models.PositiveIntegerField(_("order"))
    # Stable across edits (kept when other passages are added, removed or renumbered).
    anchor = models.CharField(_("anchor"), max_length=40)
    # The current numbering (art-5, ch-2, n3-1): what a reader types after the page address.
    number_anchor = models.CharField(max_length=60, blank=True)
    content_hash = models.CharField(max_length=40)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DocumentPassageQuerySet.as_manager()

    class Meta:
        verbose_name = _("document passage")
        verbose_name_plural = _("document passages")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"], name="passage_anchor_unique"),
        ]
        indexes = [models.Index(fields=["document", "order"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.citation or self.anchor}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"
