"""Administrative reconsideration and litigation over a request (annual report table 四)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.models.requests import InformationRequest


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
        InformationRequest, on_delete=models.PROTECT, related_name="reviews",
        verbose_name=_("information request"),
    )  # fmt: skip
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
