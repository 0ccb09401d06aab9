"""The message box in figures, per year, month and agency: received, replied, replied in time,
the average working days to a reply, and the citizens' satisfaction. Counted from the messages
themselves (received in the period), so the figures can be checked against the lists."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from interaction.models import Message, MessageStatus, Rating
from portal import sites, workdays


@dataclass
class Figures:
    label: str = ""
    received: int = 0
    replied: int = 0
    in_time: int = 0
    open: int = 0
    overdue: int = 0
    rated: int = 0
    satisfied: int = 0  # satisfied or fairly satisfied
    _workdays: list[int] = field(default_factory=list)

    @property
    def in_time_percent(self) -> int | None:
        return round(100 * self.in_time / self.replied) if self.replied else None

    @property
    def satisfied_percent(self) -> int | None:
        return round(100 * self.satisfied / self.rated) if self.rated else None

    @property
    def average_workdays(self) -> float | None:
        if not self._workdays:
            return None
        return round(sum(self._workdays) / len(self._workdays), 1)

    def add(self, row: dict, today: dt.date) -> None:
        self.received += 1
        if row["replied_on"] is not None:
            self.replied += 1
            self.in_time += row["replied_on"] <= row["due_on"]
            start = row["reopened_on"] or row["received_on"]
            self._workdays.append(max(0, int(workdays.workdays_between(start, row["replied_on"]))))
        elif row["status"] in (MessageStatus.RECEIVED, MessageStatus.IN_PROGRESS):
            self.open += 1
            self.overdue += row["due_on"] < today
        if row["rating"]:
            self.rated += 1
            self.satisfied += row["rating"] in (Rating.SATISFIED, Rating.FAIRLY)


_FIELDS = ("received_on", "replied_on", "due_on", "reopened_on", "status", "rating")


def _rows(year: int, site: sites.CurrentSite | None) -> Iterable[dict]:
    # A site counts its own agencies' messages only (portal.sites).
    return (
        sites.scope(Message.objects.filter(received_on__year=year), site)
        .values(*_FIELDS, "agency__name", "agency__path")
        .iterator(chunk_size=2000)
    )


def year_summary(year: int, site: sites.CurrentSite | None = None) -> Figures:
    today = timezone.localdate()
    figures = Figures(label=str(year))
    for row in _rows(year, site):
        figures.add(row, today)
    return figures


def month_rows(year: int, site: sites.CurrentSite | None = None) -> list[Figures]:
    today = timezone.localdate()
    months = [Figures(label=f"{month}月") for month in range(1, 13)]
    for row in _rows(year, site):
        months[row["received_on"].month - 1].add(row, today)
    last = 12 if year < today.year else today.month
    return months[:last]


def agency_rows(year: int, site: sites.CurrentSite | None = None) -> list[Figures]:
    today = timezone.localdate()
    agencies: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for row in _rows(year, site):
        key = (row["agency__path"], row["agency__name"])
        agencies[key].label = row["agency__name"]
        agencies[key].add(row, today)
    return [agencies[key] for key in sorted(agencies)]
