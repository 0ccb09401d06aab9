"""What the public pages, the API, the feeds, the sitemap, the exports and search read: lists
on display (published, within their 公示期, exact to the day), their totals computed from the
rows, and their masked rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from portal import agencies, sites
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
    site_path: str = ""  # the site's subtree ("" : the whole tree); not a filter of the query

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``, within ``site`` (an agency outside it is ignored, as the
        catalog ignores it)."""
        kind = query.get("kind", "").strip()
        code = query.get("agency", "").strip()[:32]
        agency = agencies.agency_with_code(code) if code and site is not None else None
        if agency is not None and site is not None and not site.contains(agency):
            code = ""
        return cls(
            kind=kind if kind in SubsidyKind.values else "",
            agency=code,
            period=" ".join(query.get("period", "").split())[:50],
            site_path=site.root_path if site is not None else "",
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
        if filters.site_path:
            found = found.filter(agency__path__startswith=filters.site_path)
        if filters.kind:
            found = found.filter(kind=filters.kind)
        if filters.agency:
            found = filter_agency(found, filters.agency)
        if filters.period:
            found = found.filter(period=filters.period)
    return found.with_totals()


def agencies_with_lists(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The agencies with lists on display (within ``site``), for the chooser."""
    found = Agency.objects.filter(pk__in=on_display().values("agency_id"))
    return sites.scope(found, site, field="").order_by("path")


def periods_on_display(site: sites.CurrentSite | None = None) -> list[str]:
    """The periods covered by lists on display (within ``site``)."""
    periods = sites.scope(on_display(), site).values_list("period", flat=True)
    return sorted(set(periods), reverse=True)


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
