"""What the public pages, the API, the feeds, the sitemap, the exports and search read: lists
on display (published, within their 公示期, exact to the day), their totals computed from the
rows, and their masked rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from portal.models import Agency
from subsidies.models import (
    BeneficiaryList,
    BeneficiaryListQuerySet,
    BeneficiaryRow,
    SubsidyKind,
    totals,
)

PER_PAGE = 20
ROWS_PER_PAGE = 50


def on_display(today: dt.date | None = None) -> BeneficiaryListQuerySet:
    return (
        BeneficiaryList.objects.on_display(today)
        .select_related("agency")
        .order_by("-notice_start", "-id")
    )


def list_on_display(pk: int, today: dt.date | None = None) -> BeneficiaryList | None:
    return on_display(today).filter(pk=pk).first()


@dataclass(frozen=True)
class ListFilters:
    kind: str = ""
    agency: str = ""
    period: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ListFilters:
        kind = query.get("kind", "").strip()
        return cls(
            kind=kind if kind in SubsidyKind.values else "",
            agency=query.get("agency", "").strip()[:32],
            period=" ".join(query.get("period", "").split())[:50],
        )

    def as_query(self) -> dict[str, str]:
        return {"kind": self.kind, "agency": self.agency, "period": self.period}


def filter_agency(found: BeneficiaryListQuerySet, code: str) -> BeneficiaryListQuerySet:
    """An agency's lists with its sub-agencies' (a street office's under its district)."""
    agency = Agency.objects.filter(code=code).first()
    return found.filter(agency__path__startswith=agency.path) if agency else found.none()


def lists(
    filters: ListFilters | None = None, today: dt.date | None = None
) -> QuerySet[BeneficiaryList]:
    """Lists on display, each with its totals (one query for the page)."""
    found = on_display(today)
    if filters is not None:
        if filters.kind:
            found = found.filter(kind=filters.kind)
        if filters.agency:
            found = filter_agency(found, filters.agency)
        if filters.period:
            found = found.filter(period=filters.period)
    return found.with_totals()


def agencies_with_lists() -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=on_display().values("agency_id")).order_by("path")


def periods_on_display() -> list[str]:
    return sorted(set(on_display().values_list("period", flat=True)), reverse=True)


def rows_of(beneficiary_list: BeneficiaryList) -> QuerySet[BeneficiaryRow]:
    return BeneficiaryRow.objects.filter(beneficiary_list=beneficiary_list).order_by("number")


def list_totals(beneficiary_list: BeneficiaryList) -> dict[str, Any]:
    """Entries, people (when the file has the column) and amount (likewise) of a list."""
    found = totals(rows_of(beneficiary_list))
    if not beneficiary_list.has_column("people"):
        found["people_total"] = None
    if not beneficiary_list.has_column("amount"):
        found["amount_total"] = None
    return found
