"""Self-inspection (自查) data: how long each column may go without an update."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.models import StatutoryCategory
from portal.models import Agency, Site


class Section(models.TextChoices):
    """The kinds of column the inspection checks."""

    HOME = "home", _("Home page: latest government information")
    AGENCY = "agency", _("Agency column: latest disclosures")
    ART20 = "art20", _("Agency column: a category of Art 20")
    INTERPRETATION = "interpretation", _("Policy interpretations")
    INTERACTION = "interaction", _("Interaction: published replies to messages")


class ColumnLimit(models.Model):
    """A column's own limits. The most specific row wins: agency and category, then category
    for every agency, then agency, then the section's row; without any, the defaults of
    ``inspection.columns.DEFAULT_DAYS`` apply."""

    section = models.CharField(_("column"), max_length=16, choices=Section.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("Empty: every agency."),
    )
    category = models.PositiveSmallIntegerField(
        _("Art 20 category"),
        choices=StatutoryCategory.choices,
        null=True,
        blank=True,
        help_text=_("Empty: every category."),
    )
    max_age_days = models.PositiveSmallIntegerField(
        _("update at least every (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the column is not checked for updates."),
    )
    may_be_empty = models.BooleanField(
        _("may be empty"),
        default=False,
        help_text=_(
            "Ticked: an empty column is not a failure (e.g. an agency that levies no fees)."
        ),
    )

    class Meta:
        verbose_name = _("column limit")
        verbose_name_plural = _("column limits")
        ordering = ["section", "agency", "category"]

    def __str__(self) -> str:
        parts = [self.get_section_display()]
        if self.agency_id:
            parts.append(str(self.agency))
        if self.category:
            parts.append(str(self.get_category_display()))
        return " · ".join(parts)


class ExternalLink(models.Model):
    """An external address found in published content, as last checked over HTTP
    (``inspection.external``; only where outbound HTTP is allowed)."""

    url = models.URLField(_("address"), max_length=2000, unique=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    is_broken = models.BooleanField(_("broken"), default=False)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("external link")
        verbose_name_plural = _("external links")
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url


class InspectionRunQuerySet(models.QuerySet["InspectionRun"]):
    def of_site(self, site_id: int | None) -> InspectionRunQuerySet:
        """The runs of one site (None: the implicit site of an installation without sites)."""
        if site_id is None:
            return self.filter(site__isnull=True)
        return self.filter(site_id=site_id)


class InspectionRun(models.Model):
    """One day's self-inspection of a site: its score and what failed (the history). In a site
    group each site has its own run a day; without sites, the one implicit site's has no site."""

    day = models.DateField(_("day"))
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    passed = models.BooleanField(_("passed"))
    veto_count = models.PositiveIntegerField(_("single-veto items"), default=0)
    finding_count = models.PositiveIntegerField(_("failing items"), default=0)
    # ``inspection.findings.Finding`` as dicts, single vetoes first; and every column with its
    # count and last update.
    findings = models.JSONField(default=list)
    columns = models.JSONField(default=list)
    ran_at = models.DateTimeField(_("ran at"), auto_now=True)
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InspectionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-inspection")
        verbose_name_plural = _("self-inspections")
        ordering = ["-day"]
        get_latest_by = "day"
        constraints = [
            # One run per site and day; the implicit site (no site) counts as one site too.
            models.UniqueConstraint(
                fields=["day", "site"], nulls_distinct=False, name="inspectionrun_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.score}"
