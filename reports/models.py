"""The annual report (政府信息公开工作年度报告, domain-spec section 6): figures entered by
staff, the report with its workflow, and its audit trail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Agency
from publishing.models import Publishable, WorkflowEvent


class AnnualFigures(models.Model):
    """Table 二 figures that live outside the portal, entered by staff for an agency and year."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="annual_figures", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Rules (规章) are made only by provincial and larger-city governments, and the portal has
    # no genre for them: the counts are entered here.
    rules_issued = models.PositiveIntegerField(_("rules issued"), default=0)
    rules_repealed = models.PositiveIntegerField(_("rules repealed"), default=0)
    rules_in_force = models.PositiveIntegerField(_("rules in force"), default=0)
    # 行政许可, 行政处罚, 行政强制 decisions are counted from the enforcement decisions recorded in
    # the portal (``enforcement``); a figure here replaces the count only as an explicit
    # override, with its reason, and the report says so. Empty: the count is used.
    licensing_decisions = models.PositiveIntegerField(
        _("administrative licensing decisions (override)"), null=True, blank=True,
        help_text=_("Leave empty to use the count of recorded decisions."),
    )  # fmt: skip
    penalty_decisions = models.PositiveIntegerField(
        _("administrative penalty decisions (override)"), null=True, blank=True,
        help_text=_("Leave empty to use the count of recorded decisions."),
    )  # fmt: skip
    coercion_decisions = models.PositiveIntegerField(
        _("administrative coercion decisions (override)"), null=True, blank=True,
        help_text=_("Leave empty to use the count of recorded decisions."),
    )  # fmt: skip
    decisions_override_reason = models.TextField(
        _("reason for overriding the counted decisions"), blank=True,
        help_text=_("Required with any override; shown in the report."),
    )  # fmt: skip
    fees_collected = models.DecimalField(
        _("administrative fees collected (10,000 yuan)"), max_digits=14, decimal_places=4,
        default=0,
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "requests_app_annualfigures"  # the table predates the reports app
        verbose_name = _("annual report figures")
        verbose_name_plural = _("annual report figures")
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annualfigures_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    DECISION_OVERRIDES = ("licensing_decisions", "penalty_decisions", "coercion_decisions")

    def has_decision_override(self) -> bool:
        return any(getattr(self, name) is not None for name in self.DECISION_OVERRIDES)

    def clean(self) -> None:
        if self.has_decision_override() and not self.decisions_override_reason.strip():
            raise ValidationError(
                {
                    "decisions_override_reason": _(
                        "Say why the recorded decisions are not counted: a figure entered here "
                        "replaces the count in the report."
                    )
                }
            )
        if not self.has_decision_override() and self.decisions_override_reason.strip():
            raise ValidationError(
                {"decisions_override_reason": _("A reason is only given with an override.")}
            )


class AnnualReport(Publishable):
    """An agency's annual report for one year; a government's is government-wide (本级政府及
    其部门). The tables are computed live while drafting and frozen at publication."""

    workflow_policy = "reports.publishing.AnnualReportPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="annual_reports", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    section_overview = models.TextField(_("section 1: overview"), blank=True)
    section_problems = models.TextField(_("section 5: main problems and improvements"), blank=True)
    section_other = models.TextField(_("section 6: other matters to report"), blank=True)
    frozen_tables = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "requests_app_annualreport"
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annualreport_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse(
            "annual_reports:detail", kwargs={"code": self.agency.code, "year": self.year}
        )

    @property
    def event_model(self) -> type[models.Model]:
        return AnnualReportEvent

    event_field = "report"


class AnnualReportEvent(WorkflowEvent):
    """The audit trail of an annual report: one row per workflow step."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        db_table = "requests_app_annualreportevent"
