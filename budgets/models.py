"""财政预决算 (issue 24; domain-spec section 2, 财政预决算): what 预算法 第十四条 makes public —
each department's budget (部门预算) and final accounts (部门决算), within 20 days after the
finance department approves them (批复), and the government's own budget and final accounts
(政府预算/决算), published by the finance bureau within 20 days after the people's congress
approves them.

A disclosure carries its documents (PDF or XLSX files), the list of the standard tables it
includes (收支总表 ... "三公"经费支出表), its totals and the "三公" expenses in 万元 with two
decimals, so that a department's final accounts can be shown beside its budget of the same
year. Disclosures are reviewed and published through the shared workflow
(``publishing.workflow``); the 20-day rule is ``budgets.deadlines``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.models import Agency
from publishing.models import Publishable, PublishedFile, Status, WorkflowEvent


class Kind(models.TextChoices):
    BUDGET = "budget", _("Budget")  # 预算
    FINAL = "final", _("Final accounts")  # 决算


class Scope(models.TextChoices):
    DEPARTMENT = "department", _("Department")  # 部门预决算
    GOVERNMENT = "government", pgettext_lazy("budget", "Government")  # 政府预决算


class Table(models.TextChoices):
    """The standard tables of a department's budget or final accounts (财政部 公开格式)."""

    SUMMARY = "summary", _("Summary of income and expenditure")  # 收支总表
    INCOME = "income", _("Income summary")  # 收入总表
    EXPENDITURE = "expenditure", _("Expenditure summary")  # 支出总表
    FISCAL = "fiscal", _("Summary of fiscal appropriations")  # 财政拨款收支总表
    GENERAL = "general", _("General public budget appropriations: expenditure")
    GENERAL_BASIC = "general_basic", _("General public budget appropriations: basic expenditure")
    FUNDS = "funds", _("Government fund budget appropriations: expenditure")
    THREE_PUBLIC = "three_public", _("“Three public” expenses")  # "三公"经费支出表


#: The Chinese names of the tables, as they are titled in every disclosure (exports, search).
TABLE_NAMES: dict[str, str] = {
    Table.SUMMARY: "收支总表",
    Table.INCOME: "收入总表",
    Table.EXPENDITURE: "支出总表",
    Table.FISCAL: "财政拨款收支总表",
    Table.GENERAL: "一般公共预算财政拨款支出表",
    Table.GENERAL_BASIC: "一般公共预算财政拨款基本支出表",
    Table.FUNDS: "政府性基金预算财政拨款支出表",
    Table.THREE_PUBLIC: "“三公”经费支出表",
}

KIND_NAMES = {
    (Scope.DEPARTMENT, Kind.BUDGET): "部门预算",
    (Scope.DEPARTMENT, Kind.FINAL): "部门决算",
    (Scope.GOVERNMENT, Kind.BUDGET): "政府预算",
    (Scope.GOVERNMENT, Kind.FINAL): "政府决算",
}

IN_WAN = _("In 万元 (ten thousand yuan), two decimals.")


def _sum(parts: list[Decimal | None]) -> Decimal | None:
    """The sum of the amounts given; None when none is."""
    given = [part for part in parts if part is not None]
    return sum(given, Decimal(0)) if given else None


class BudgetDisclosureQuerySet(models.QuerySet):
    def published(self) -> BudgetDisclosureQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def unpublished(self) -> BudgetDisclosureQuerySet:
        """Not (yet) before the public: drafts and items in review or approved. A withdrawn
        disclosure was published once; it is replaced by a new one, counted on its own."""
        return self.filter(status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED])


class BudgetDisclosure(Publishable):
    """One budget or final accounts disclosure of an agency for a year."""

    workflow_policy = "budgets.publishing.BudgetDisclosurePolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="budget_disclosures",
        verbose_name=_("agency"),
        help_text=_("The department whose budget it is; for the government's budget, the "
                    "finance bureau that publishes it."),
    )  # fmt: skip
    scope = models.CharField(_("department or government"), max_length=12, choices=Scope.choices)
    kind = models.CharField(_("budget or final"), max_length=8, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The budget year, e.g. 2026."))
    region = models.CharField(
        pgettext_lazy("budget", "government"), max_length=100, blank=True,
        help_text=_("For the government's budget: whose, e.g. 丽水市 or 丽水市本级."),
    )  # fmt: skip
    approval_date = models.DateField(
        _("approval date"),
        help_text=_("批复日期: when the finance department approved the department's budget or "
                    "final accounts, or the people's congress (or its standing committee) the "
                    "government's. The 20 days to publish run from this day."),
    )  # fmt: skip
    approved_by = models.CharField(
        _("approval document"), max_length=200, blank=True,
        help_text=_("The approval document or meeting, e.g. 丽财预〔2026〕2号."),
    )  # fmt: skip
    description = models.TextField(
        _("explanation of the budget"), blank=True,
        help_text=_("The explanation published with the tables (部门预算说明): functions, "
                    "main figures, 机关运行经费, 政府采购."),
    )  # fmt: skip
    # The codes of ``Table`` (a list in JSON: the demo also runs on SQLite).
    tables = models.JSONField(_("tables included"), default=list, blank=True)
    total_income = models.DecimalField(
        _("total income"), max_digits=14, decimal_places=2, help_text=IN_WAN
    )
    total_expenditure = models.DecimalField(
        _("total expenditure"), max_digits=14, decimal_places=2, help_text=IN_WAN
    )
    # "三公"经费 (Art 14: departments explain the use of 机关运行经费 and similar matters).
    outbound_travel = models.DecimalField(  # 因公出国(境)费
        _("official travel abroad"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=IN_WAN,
    )  # fmt: skip
    vehicle_purchase = models.DecimalField(  # 公务用车购置费
        _("official vehicles: purchase"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=IN_WAN,
    )  # fmt: skip
    vehicle_operation = models.DecimalField(  # 公务用车运行费
        _("official vehicles: running"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=IN_WAN,
    )  # fmt: skip
    reception = models.DecimalField(  # 公务接待费
        _("official reception"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=IN_WAN,
    )  # fmt: skip
    variance_explanation = models.TextField(
        _("reasons for the changes"), blank=True,
        help_text=_("变动原因: for final accounts, why they differ from the budget."),
    )  # fmt: skip

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = BudgetDisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget or final accounts")
        verbose_name_plural = _("budgets and final accounts")
        ordering = ["-year", "scope", "agency__path", "kind", "-id"]
        indexes = [models.Index(fields=["status", "-year", "agency"])]
        constraints = [
            # One current disclosure per agency, year and kind; a withdrawn one may be replaced.
            models.UniqueConstraint(
                fields=["agency", "scope", "region", "kind", "year"],
                name="budgetdisclosure_unique",
                condition=~Q(status=Status.WITHDRAWN),
                violation_error_message=_("This agency already has this budget or final "
                                          "accounts for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2999), name="budgetdisclosure_year",
                violation_error_message=_("Give the year in four digits, e.g. 2026."),
            ),
            models.CheckConstraint(
                condition=Q(total_income__gte=0) & Q(total_expenditure__gte=0)
                & (Q(outbound_travel__isnull=True) | Q(outbound_travel__gte=0))
                & (Q(vehicle_purchase__isnull=True) | Q(vehicle_purchase__gte=0))
                & (Q(vehicle_operation__isnull=True) | Q(vehicle_operation__gte=0))
                & (Q(reception__isnull=True) | Q(reception__gte=0)),
                name="budgetdisclosure_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def kind_name(self) -> str:
        """部门预算, 部门决算, 政府预算 or 政府决算, in Chinese whatever the page's language."""
        return KIND_NAMES[(Scope(self.scope), Kind(self.kind))]

    @property
    def kind_label(self) -> str:
        labels = {
            (Scope.DEPARTMENT, Kind.BUDGET): gettext("Department budget"),
            (Scope.DEPARTMENT, Kind.FINAL): gettext("Department final accounts"),
            (Scope.GOVERNMENT, Kind.BUDGET): gettext("Government budget"),
            (Scope.GOVERNMENT, Kind.FINAL): gettext("Government final accounts"),
        }
        return labels[(Scope(self.scope), Kind(self.kind))]

    @property
    def owner_name(self) -> str:
        if self.scope == Scope.GOVERNMENT and self.region:
            return self.region
        return self.agency.name

    @property
    def title(self) -> str:
        """丽水市教育局2026年部门预算: how it is cited (the same in every language)."""
        return f"{self.owner_name}{self.year}年{self.kind_name}"

    @property
    def table_names(self) -> list[str]:
        return [TABLE_NAMES[code] for code in Table.values if code in self.tables]

    @property
    def missing_tables(self) -> list[str]:
        return [TABLE_NAMES[code] for code in Table.values if code not in self.tables]

    @property
    def vehicle_total(self) -> Decimal | None:
        return _sum([self.vehicle_purchase, self.vehicle_operation])

    @property
    def three_public_total(self) -> Decimal | None:
        """ "三公"经费合计: travel abroad, official vehicles (purchase and running), reception."""
        return _sum(
            [self.outbound_travel, self.vehicle_purchase, self.vehicle_operation, self.reception]
        )

    def get_absolute_url(self) -> str:
        return reverse("budgets:detail", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return BudgetDisclosureEvent

    event_field = "disclosure"


def _attachment_path(instance: BudgetAttachment, filename: str) -> str:
    # A generated name: the original file name is kept in a field, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"budgets/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class BudgetAttachment(PublishedFile):
    """A document of the disclosure: the tables and explanation as PDF, or the tables as
    XLSX."""

    disclosure = models.ForeignKey(
        BudgetDisclosure, on_delete=models.CASCADE, related_name="attachments",
        verbose_name=_("budget or final accounts"),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)

    class Meta(PublishedFile.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("budgets:attachment", kwargs={"pk": self.pk})

    @property
    def format_label(self) -> str:
        return "PDF" if self.content_type == "application/pdf" else "XLSX"


class BudgetDisclosureEvent(WorkflowEvent):
    """The audit trail of a disclosure: one row per workflow step."""

    disclosure = models.ForeignKey(
        BudgetDisclosure, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("budget or final accounts"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        pass
