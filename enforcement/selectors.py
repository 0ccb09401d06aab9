"""What the public pages, the API, the feeds, the sitemap, the exports and search read:
decisions on display (published and within their 公示期, exact to the day), with the party's
published name only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from enforcement.models import Decision, DecisionKind
from portal.models import Agency
from powers.models import PowerItem

PER_PAGE = 20
# What a public query never reads: the party's encrypted name and ID number.
PRIVATE_FIELDS = ("subject_name", "id_number")


def on_display(today: dt.date | None = None) -> QuerySet[Decision]:
    return (
        Decision.objects.on_display(today)
        .select_related("agency", "power_item")
        .defer(*PRIVATE_FIELDS)
        .order_by("-decision_date", "-id")
    )


def _number(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class ListFilters:
    kind: str = ""
    agency: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    power_item: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ListFilters:
        kind = query.get("kind", "").strip()
        return cls(
            kind=kind if kind in DecisionKind.values else "",
            agency=query.get("agency", "").strip()[:32],
            date_from=_date(query.get("from", "")),
            date_to=_date(query.get("to", "")),
            q=query.get("q", "").strip()[:100],
            power_item=_number(query.get("power_item", "")),
        )

    def as_query(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "agency": self.agency,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "q": self.q,
            "power_item": str(self.power_item) if self.power_item else "",
        }


def decisions(
    filters: ListFilters | None = None, today: dt.date | None = None
) -> QuerySet[Decision]:
    found = on_display(today)
    if filters is None:
        return found
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).first()
        # An agency's list holds its sub-agencies' decisions too.
        found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    if filters.date_from:
        found = found.filter(decision_date__gte=filters.date_from)
    if filters.date_to:
        found = found.filter(decision_date__lte=filters.date_to)
    if filters.q:
        found = found.filter(Q(number__icontains=filters.q) | Q(summary__icontains=filters.q))
    if filters.power_item:
        found = found.filter(power_item_id=filters.power_item)
    return found


def power_item_of(filters: ListFilters) -> PowerItem | None:
    """The public power item the list is narrowed to, to name it on the page."""
    if not filters.power_item:
        return None
    return PowerItem.objects.public().select_related("agency").filter(pk=filters.power_item).first()


def agencies_with_decisions() -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=on_display().values("agency_id")).order_by("path")
