"""决算 beside 预算: a department's (or the government's) final accounts of a year compared with
its published budget of the same year, line by line — the totals and each "三公" expense —
with the difference (决算 − 预算) and the change in per cent. The reasons (变动原因) are the
final accounts' own text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetDisclosure, Kind

LINES: list[tuple[str, Promise, bool]] = [
    # (attribute, label, a "三公" line)
    ("total_income", _("Total income"), False),
    ("total_expenditure", _("Total expenditure"), False),
    ("three_public_total", _("“Three public” expenses, total"), True),
    ("outbound_travel", _("Official travel abroad"), True),
    ("vehicle_total", _("Official vehicles"), True),
    ("vehicle_purchase", _("of which: purchase"), True),
    ("vehicle_operation", _("of which: running"), True),
    ("reception", _("Official reception"), True),
]


@dataclass(frozen=True)
class Line:
    key: str
    label: Promise
    budget: Decimal | None
    final: Decimal | None
    three_public: bool

    @property
    def difference(self) -> Decimal | None:
        """决算 − 预算, in 万元."""
        if self.budget is None or self.final is None:
            return None
        return self.final - self.budget

    @property
    def percent(self) -> Decimal | None:
        """The change against the budget, in per cent with one decimal (None for a budget
        of zero: no percentage of nothing)."""
        difference = self.difference
        if difference is None or not self.budget:
            return None
        return (difference * 100 / self.budget).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Comparison:
    budget: BudgetDisclosure
    final: BudgetDisclosure
    lines: list[Line]

    @property
    def differs(self) -> bool:
        return any(line.difference for line in self.lines)

    @property
    def explanation(self) -> str:
        return self.final.variance_explanation


def counterpart(disclosure: BudgetDisclosure) -> BudgetDisclosure | None:
    """The published budget of a final accounts' year, or the published final accounts of a
    budget's year: same agency, same scope (and government), same year."""
    other = Kind.BUDGET if disclosure.kind == Kind.FINAL else Kind.FINAL
    return (
        BudgetDisclosure.objects.published()
        .filter(agency_id=disclosure.agency_id, scope=disclosure.scope, region=disclosure.region,
                year=disclosure.year, kind=other)
        .exclude(pk=disclosure.pk)
        .select_related("agency")
        .order_by("-published_at", "-pk")
        .first()
    )  # fmt: skip


def compare_pair(budget: BudgetDisclosure, final: BudgetDisclosure) -> Comparison:
    lines = [
        Line(key, label, getattr(budget, key), getattr(final, key), three_public)
        for key, label, three_public in LINES
    ]
    return Comparison(budget=budget, final=final, lines=lines)


def compare(disclosure: BudgetDisclosure) -> Comparison | None:
    """The comparison of a disclosure with its published counterpart of the same year."""
    other = counterpart(disclosure)
    if other is None:
        return None
    if disclosure.kind == Kind.FINAL:
        return compare_pair(other, disclosure)
    return compare_pair(disclosure, other)
