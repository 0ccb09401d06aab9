"""The statistics published with a year's replies: how many suggestions and proposals each lead
agency handled, the replies by category (A, B, C) and how many came within the reply period
(the on-time rate, over the published replies). Counted from published items only."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal import sites
from proposals import deadlines
from proposals.models import Kind, Proposal, ReplyCategory


@dataclass
class Counts:
    label: str
    code: str = ""
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Kind.values, 0))
    by_category: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(ReplyCategory.values, 0)
    )
    on_time: int = 0

    def add(self, item: Proposal) -> None:
        self.total += 1
        self.by_kind[item.kind] += 1
        if item.category:
            self.by_category[item.category] += 1
        if not deadlines.is_late(item):
            self.on_time += 1

    @property
    def late(self) -> int:
        return self.total - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        """Per cent, to one decimal; None when there is nothing to count."""
        return round(100 * self.on_time / self.total, 1) if self.total else None

    @property
    def suggestions(self) -> int:
        return self.by_kind[Kind.SUGGESTION]

    @property
    def proposals(self) -> int:
        return self.by_kind[Kind.PROPOSAL]

    @property
    def category_a(self) -> int:
        return self.by_category[ReplyCategory.A]

    @property
    def category_b(self) -> int:
        return self.by_category[ReplyCategory.B]

    @property
    def category_c(self) -> int:
        return self.by_category[ReplyCategory.C]


@dataclass
class YearStatistics:
    year: int
    overall: Counts
    agencies: list[Counts]


def year_statistics(
    year: int, *, agency_code: str = "", site: sites.CurrentSite | None = None
) -> YearStatistics:
    """The year's published items of ``site``'s agencies (portal.sites), overall and per lead
    agency (in the agency tree's order)."""
    found = (
        sites.scope(Proposal.objects.published(), site)
        .filter(year=year)
        .select_related("agency")
        .order_by("agency__path", "kind", "number", "id")
    )
    if agency_code:
        found = found.filter(agency__code=agency_code)
    overall = Counts(label="")
    agencies: dict[int, Counts] = {}
    for item in found:
        overall.add(item)
        row = agencies.setdefault(item.agency_id, Counts(item.agency.name, item.agency.code))
        row.add(item)
    return YearStatistics(year, overall, list(agencies.values()))
