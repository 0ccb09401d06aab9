"""Bulk imports of historical documents (历史文件): each import makes one batch, which the
agency's reviewer approves, and its publisher publishes, as a whole (``disclosure.backlog``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Agency


class ImportBatch(models.Model):
    """The documents of one upload of a spreadsheet and its ZIP of files."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    spreadsheet_name = models.CharField(_("spreadsheet"), max_length=255)
    archive_name = models.CharField(_("ZIP archive"), max_length=255)
    # One entry per spreadsheet row: {"row": 12, "document": 345, "title": ..., "file": ...}.
    rows = models.JSONField(_("rows"), default=list, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("historical import batch")
        verbose_name_plural = _("historical import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.spreadsheet_name}"

    def get_review_url(self) -> str:
        return reverse("admin:disclosure_importbatch_review", args=[self.pk])
