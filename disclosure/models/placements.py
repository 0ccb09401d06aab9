"""The shared resource library (集约化 site group): a document is stored once, under its agency,
and shows on every site whose subtree holds that agency; staff may also place (引用/转载) a
published document on another site, with a note, without copying it. The public reads a
placement only through ``Document.objects.published()``, so withdrawing the document removes
it from every site at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentPlacement(models.Model):
    document = models.ForeignKey(
        "disclosure.Document",
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("document"),
    )
    site = models.ForeignKey(
        "portal.Site",
        on_delete=models.CASCADE,
        related_name="document_placements",
        verbose_name=_("site"),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Shown with the document on the site, e.g. 转载自丽水市人民政府."),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("placed by"),
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("placement on another site")
        verbose_name_plural = _("placements on other sites")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "site"], name="documentplacement_once_per_site"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.site}"
