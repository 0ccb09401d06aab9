"""政府公报 (issue 19; domain-spec section 2, the 政府公报 channel): an agency's gazette — e.g.
《丽水市人民政府公报》, edited by the 人民政府 or its 办公室 — published in issues numbered by year
(2026年第5期) and, if the gazette counts them, in a running total (总第N期).

An issue has a publication date, a summary (本期导读), the PDF of the whole issue and its table
of contents: the gazette's 栏目 (市政府文件, 市政府办公室文件, 部门文件, 人事任免, ...) in their
order, each with its entries. An entry is a published document of the catalog (its title and
文号 are the document's own) or a line of plain text (a 人事任免 item), with the page where it
starts in the PDF. Issues are reviewed and published through the shared workflow
(``publishing.workflow``); an issue can only print documents that are published themselves.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class Gazette(models.Model):
    """A gazette and its 栏目 (``sections``). Set up by the site's administrators."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="gazettes", verbose_name=_("agency"),
        help_text=_("The 人民政府 or its 办公室 that edits the gazette; its staff draft, review "
                    "and publish the issues."),
    )  # fmt: skip
    title = models.CharField(
        _("gazette title"), max_length=100, unique=True,
        help_text=_("Without the book-title marks, e.g. 丽水市人民政府公报."),
    )  # fmt: skip
    slug = models.SlugField(
        _("short name in addresses"), max_length=40, unique=True,
        help_text=_("Latin letters, digits and hyphens, e.g. lishui: /gazette/lishui/2026/5/."),
    )  # fmt: skip
    description = models.TextField(
        _("about the gazette"), blank=True,
        help_text=_("Who edits it, how often it appears, where the printed copies are."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("government gazette")
        verbose_name_plural = _("government gazettes")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('gazette:index')}?gazette={self.slug}"

    @property
    def book_title(self) -> str:
        """The title in book-title marks, as it is cited: 《丽水市人民政府公报》."""
        return f"《{self.title}》"


class GazetteSection(models.Model):
    """A 栏目 of a gazette's table of contents; every issue lists its entries in this order."""

    gazette = models.ForeignKey(
        Gazette, on_delete=models.CASCADE, related_name="sections", verbose_name=_("gazette")
    )
    name = models.CharField(_("section"), max_length=50, help_text=_("e.g. 市政府文件, 人事任免."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("gazette section")
        verbose_name_plural = _("gazette sections")
        ordering = ["gazette", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gazette", "name"], name="gazettesection_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class IssueQuerySet(models.QuerySet):
    def published(self) -> IssueQuerySet:
        return self.filter(status=Status.PUBLISHED)


def _issue_pdf_path(instance: Issue, filename: str) -> str:
    # A generated name: the original file name is kept in a field, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"gazette/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Issue(Publishable):
    """One issue of a gazette: 2026年第5期 (and 总第N期), published through the shared workflow."""

    workflow_policy = "gazette.publishing.IssuePolicy"

    gazette = models.ForeignKey(
        Gazette, on_delete=models.PROTECT, related_name="issues", verbose_name=_("gazette")
    )
    # The gazette's agency, kept on the issue: the workflow checks roles in it and the back
    # office scopes by it (``drafting.issue_save`` sets it).
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="gazette_issues", editable=False,
        verbose_name=_("agency"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("issue number"), help_text=_("第N期 of the year."))
    total_number = models.PositiveIntegerField(
        _("running number"), null=True, blank=True,
        help_text=_("总第N期, if the gazette counts its issues since the first."),
    )  # fmt: skip
    publication_date = models.DateField(_("publication date"))
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("本期导读: what the issue holds, in a few lines.")
    )
    pdf = models.FileField(
        _("PDF of the issue"), upload_to=_issue_pdf_path, max_length=200, blank=True,
        help_text=_("The whole issue as printed, in one PDF file."),
    )  # fmt: skip
    pdf_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    pdf_size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    pdf_pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("gazette issue")
        verbose_name_plural = _("gazette issues")
        ordering = ["-year", "-number", "-id"]
        indexes = [models.Index(fields=["status", "gazette", "-year", "-number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["gazette", "year", "number"], name="issue_unique_number",
                violation_error_message=_("This gazette already has an issue with this year and "
                                          "number."),
            ),
            models.UniqueConstraint(
                fields=["gazette", "total_number"], name="issue_unique_total_number",
                condition=Q(total_number__isnull=False),
                violation_error_message=_("This gazette already has an issue with this running "
                                          "number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="issue_number_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=1949, year__lte=2999), name="issue_year_plausible",
                violation_error_message=_("Give the year in four digits, e.g. 2026."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """《丽水市人民政府公报》2026年第5期, in Chinese whatever the page's language."""
        return f"{self.gazette.book_title}{self.chinese_number}"

    @property
    def chinese_number(self) -> str:
        """2026年第5期: how the issue is cited (in exports, search and the PDF, in any language)."""
        return f"{self.year}年第{self.number}期"

    @property
    def label(self) -> str:
        """The year and number in the page's language."""
        return gettext("%(year)s, no. %(number)s") % {"year": self.year, "number": self.number}

    @property
    def title(self) -> str:
        """《丽水市人民政府公报》2026年第5期, in the page's language."""
        return f"{self.gazette.book_title}{self.label}"

    @property
    def pdf_download_name(self) -> str:
        return f"{self.gazette.title}{self.chinese_number}.pdf"

    def get_absolute_url(self) -> str:
        return reverse(
            "gazette:issue",
            kwargs={"gazette": self.gazette.slug, "year": self.year, "number": self.number},
        )

    def get_pdf_url(self) -> str:
        return reverse(
            "gazette:issue_pdf",
            kwargs={"gazette": self.gazette.slug, "year": self.year, "number": self.number},
        )

    @property
    def event_model(self) -> type[models.Model]:
        return IssueEvent

    event_field = "issue"


class Entry(models.Model):
    """One line of an issue's table of contents: a published document, or plain text."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="entries", verbose_name=_("gazette issue")
    )
    section = models.ForeignKey(
        GazetteSection, on_delete=models.PROTECT, related_name="entries",
        verbose_name=_("section"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True,
        related_name="gazette_entries", verbose_name=_("document"),
        help_text=_("A published document: its title and document number are printed."),
    )  # fmt: skip
    text = models.CharField(
        _("text"), max_length=500, blank=True,
        help_text=_("A line without a document of the catalog, e.g. an item of 人事任免."),
    )  # fmt: skip
    page = models.PositiveIntegerField(
        _("page"), null=True, blank=True, help_text=_("Where it starts in the PDF.")
    )

    class Meta:
        verbose_name = _("table of contents entry")
        verbose_name_plural = _("table of contents")
        ordering = ["section__order", "section_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(text=""))
                | (Q(document__isnull=True) & ~Q(text="")),
                name="entry_document_or_text",
                violation_error_message=_(
                    "Each line of the table of contents names a published document or is a "
                    "line of text, not both."
                ),
            ),
            models.UniqueConstraint(
                fields=["issue", "document"], name="entry_document_once_per_issue"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.document.title if self.document_id and self.document else self.text

    @property
    def doc_number(self) -> str:
        return self.document.doc_number if self.document_id and self.document else ""


class IssueEvent(WorkflowEvent):
    """The audit trail of an issue: one row per workflow step."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="events", verbose_name=_("gazette issue")
    )

    class Meta(WorkflowEvent.Meta):
        pass
