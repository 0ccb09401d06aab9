"""The negative list (负面清单, domain-spec section 3): the concretely described matters that
are not disclosed, with their legal grounds; everything else is."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Agency


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
