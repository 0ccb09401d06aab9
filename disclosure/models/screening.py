"""Pre-publication screening of a document: runs and the hits they found (personal data,
negative-list keywords, the site's sensitive words and wrong forms)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.models.documents import Document
from disclosure.models.negative_list import NegativeListEntry


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
        # The site's wording list (publishing.WordingRule).
        SENSITIVE_WORD = "sensitive", _("Sensitive word")
        WORDING = "wording", _("Wrong form")

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="hits")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=200)
    # The match is stored masked, so the screening record itself does not spread personal data.
    match = models.CharField(_("match"), max_length=100)
    context = models.TextField(_("context"))
    negative_entry = models.ForeignKey(
        NegativeListEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suggestion = models.CharField(_("right form"), max_length=100, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.location}"
