"""The timing report for staff: per agency and obligation, how many concerns found in a period
were responded to within the limit, late, or not yet (overdue), and the share in time.

The share is of the concerns whose clock is decided: met (in time or late) or overdue; those
still running are counted apart and left out of it, so a report for today is not
flattered or darkened by limits that have not come yet."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from concerns import clock, selectors
from concerns.models import Concern, Obligation
from portal.models import Agency


@dataclass
class Row:
    agency: Agency
    obligation: str
    total: int = 0
    met: int = 0
    met_late: int = 0
    overdue: int = 0
    running: int = 0

    @property
    def obligation_label(self) -> str:
        return str(Obligation(self.obligation).label)

    @property
    def decided(self) -> int:
        return self.met + self.met_late + self.overdue

    @property
    def percent_in_time(self) -> float | None:
        """Met within the limit, in percent of the decided; none when nothing is decided."""
        return round(100 * self.met / self.decided, 1) if self.decided else None


@dataclass
class Report:
    start: dt.date
    end: dt.date
    rows: list[Row] = field(default_factory=list)
    totals: list[Row] = field(default_factory=list)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period in Beijing time, first and last day included."""
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return first, after


def timing_report(
    concerns: QuerySet[Concern], *, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> Report:
    """The report of ``concerns`` (already scoped to the user's agencies) found from ``start``
    to ``end``."""
    now = now or timezone.now()
    first, after = _bounds(start, end)
    found = selectors.with_clock_data(concerns.filter(aware_at__gte=first, aware_at__lt=after))
    rows: dict[tuple[int, str], Row] = {}
    totals: dict[str, Row] = {}
    for concern in found.order_by("agency__path", "aware_at"):
        for obligation_clock in clock.clocks(concern, now):
            key = (concern.agency_id, obligation_clock.obligation)
            row = rows.setdefault(key, Row(concern.agency, obligation_clock.obligation))
            total = totals.setdefault(
                obligation_clock.obligation, Row(concern.agency, obligation_clock.obligation)
            )
            for target in (row, total):
                _count(target, obligation_clock.state)
    order = {value: rank for rank, value in enumerate(Obligation.values)}
    return Report(
        start=start,
        end=end,
        rows=sorted(rows.values(), key=lambda r: (r.agency.path, order[r.obligation])),
        totals=sorted(totals.values(), key=lambda r: order[r.obligation]),
    )


def _count(row: Row, state: str) -> None:
    row.total += 1
    if state == clock.ClockState.MET:
        row.met += 1
    elif state == clock.ClockState.MET_LATE:
        row.met_late += 1
    elif state == clock.ClockState.OVERDUE:
        row.overdue += 1
    else:
        row.running += 1


def by_agency(report: Report) -> dict[Agency, list[Row]]:
    grouped: dict[Agency, list[Row]] = defaultdict(list)
    for row in report.rows:
        grouped[row.agency].append(row)
    return dict(grouped)
