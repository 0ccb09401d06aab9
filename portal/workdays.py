"""The working-day calendar (工作日, domain-spec section 7).

China's working calendar is not Monday to Friday: the State Council's annual notice moves
working days onto weekends (调休). A day's status comes from, in order:

1. a ``CalendarDay`` row staff entered (an override);
2. for a year staff entered in full (``CalendarYear``), Monday to Friday — the entered rows
   *are* that year's arrangement and replace the library's data;
3. the ``chinesecalendar`` library's official data;
4. otherwise the fixed statutory holidays (``statutory_holidays``) and Monday to Friday, and
   the result is **provisional**: only the bridging days and make-up working days (调休) of the
   State Council's notice are unknown, never 元旦, 春节, 清明, 劳动节, 端午, 中秋 or 国庆.

Results that depend on a provisional day carry ``provisional = True``; nothing here raises for
a year without data. Overrides are loaded once per process and kept until a change elsewhere
bumps a version key in the shared cache, so counting a deadline costs no query per day.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import chinese_calendar
from lunardate import LunarDate

from django.core.cache import cache
from django.db import transaction

from portal.models import CalendarDay, CalendarYear

_VERSION_KEY = "portal:workdays:version"
logger = logging.getLogger(__name__)


class WorkDate(dt.date):
    """A date that knows whether it rests on assumed (Monday-Friday) calendar data."""

    provisional: bool

    def __new__(cls, year: int, month: int, day: int, provisional: bool = False) -> WorkDate:
        obj = super().__new__(cls, year, month, day)
        obj.provisional = provisional
        return obj

    @classmethod
    def of(cls, day: dt.date, provisional: bool) -> WorkDate:
        return cls(day.year, day.month, day.day, provisional)

    def __repr__(self) -> str:
        mark = ", provisional" if self.provisional else ""
        return f"WorkDate({self.isoformat()}{mark})"

    def __reduce__(
        self,
    ) -> tuple[
        type[WorkDate], tuple[int, int, int, bool]
    ]:  # keep the mark through pickling (Celery, cache)
        return (WorkDate, (self.year, self.month, self.day, self.provisional))


class WorkdayCount(int):
    """A number of working days that knows whether it rests on assumed calendar data."""

    provisional: bool

    def __new__(cls, value: int, provisional: bool = False) -> WorkdayCount:
        obj = super().__new__(cls, value)
        obj.provisional = provisional
        return obj

    def __reduce__(self) -> tuple[type[WorkdayCount], tuple[int, bool]]:
        return (WorkdayCount, (int(self), self.provisional))


@dataclass(frozen=True)
class _Snapshot:
    version: str
    overrides: dict[dt.date, bool] = field(default_factory=dict)
    entered_years: frozenset[int] = frozenset()


_snapshot: _Snapshot | None = None


@functools.cache
def library_has_year(year: int) -> bool:
    """Whether the chinesecalendar package carries the official arrangement for ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 30))
    except NotImplementedError:
        return False
    return True


# 全国年节及纪念日放假办法 (2024 revision, in force from 2025), Art 2: the days off of the
# national holidays, whatever the year's notice adds around them. (name, how to find the days)
_FIXED_SOLAR = (("元旦", 1, 1, 1), ("劳动节", 5, 1, 2), ("国庆节", 10, 1, 3))
_FIXED_LUNAR = (("端午节", 5, 5), ("中秋节", 8, 15))


@functools.cache
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The days off fixed by law in ``year``, each with its holiday's name.

    元旦 1 Jan; 春节 除夕 to 初三 (4 days); 清明 (the solar-term day); 劳动节 1-2 May; 端午 (5th of
    the 5th lunar month); 中秋 (15th of the 8th lunar month); 国庆 1-3 Oct. Lunar dates come from
    ``lunardate`` and the 清明 solar term from ``chinese_calendar`` (both computed, not tables).
    Outside the libraries' range (1900-2099) only the solar-calendar holidays are known.
    """
    days: dict[dt.date, str] = {}
    for name, month, first, count in _FIXED_SOLAR:
        for offset in range(count):
            days[dt.date(year, month, first + offset)] = name
    try:
        new_year = LunarDate(year, 1, 1).to_solar_date()
        for offset in range(-1, 3):  # 除夕 to 初三
            days[new_year + dt.timedelta(days=offset)] = "春节"
        for name, month, day in _FIXED_LUNAR:
            days[LunarDate(year, month, day).to_solar_date()] = name
        for day, term in chinese_calendar.get_solar_terms(
            dt.date(year, 4, 1), dt.date(year, 4, 10)
        ):
            if term == "清明":
                days[day] = "清明节"
    except (ValueError, KeyError, IndexError, NotImplementedError):
        pass  # beyond the libraries' range: the solar-calendar holidays above still hold
    return {day: name for day, name in days.items() if day.year == year}


def _current_version() -> str:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_VERSION_KEY) or "uncached"
    return version


def _load() -> _Snapshot:
    global _snapshot
    version = _current_version()
    if _snapshot is None or _snapshot.version != version:
        _snapshot = _Snapshot(
            version=version,
            overrides=dict(CalendarDay.objects.values_list("date", "is_workday")),
            entered_years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
        )
    return _snapshot


def forget_loaded() -> None:
    """Drop this process's copy of the overrides (the next lookup reloads them)."""
    global _snapshot
    _snapshot = None


def invalidate() -> None:
    """Make every process reload overrides: now, and again once the change is committed
    (a process that reloads before the commit would otherwise keep the old rows)."""
    forget_loaded()

    def bump() -> None:
        cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def _status(day: dt.date, snap: _Snapshot) -> tuple[bool, bool]:
    """(is a working day, provisional) for one day."""
    override = snap.overrides.get(day)
    if override is not None:
        return override, False
    if day.year in snap.entered_years:
        return day.weekday() < 5, False
    if library_has_year(day.year):
        return chinese_calendar.is_workday(day), False
    return day.weekday() < 5 and day not in statutory_holidays(day.year), True


def day_name(day: dt.date) -> str:
    """The name of the holiday or make-up day ``day`` belongs to, or ``""``."""
    override = CalendarDay.objects.filter(date=day).values_list("name", flat=True).first()
    if override:
        return override
    if library_has_year(day.year):
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if not name:
            return ""
        chinese = chinese_calendar.Holiday(name).chinese
        return chinese if on_holiday else f"{chinese}调休上班"
    return statutory_holidays(day.year).get(day, "")


def is_workday(day: dt.date) -> bool:
    return _status(day, _load())[0]


def is_provisional(day: dt.date) -> bool:
    """Whether the status of ``day`` is assumed (no official data for its year)."""
    return _status(day, _load())[1]


def add_workdays(day: dt.date, n: int) -> WorkDate:
    """The date ``n`` working days after ``day``; counting starts the day after ``day``.

    ``n = 0`` returns ``day`` itself; a negative ``n`` counts backwards (before ``day``).
    """
    snap = _load()
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = day
    provisional = False
    while remaining:
        current += dt.timedelta(days=step)
        workday, assumed = _status(current, snap)
        provisional |= assumed
        if workday:
            remaining -= 1
    return WorkDate.of(current, provisional)


def workdays_between(start: dt.date, end: dt.date) -> WorkdayCount:
    """Working days after ``start`` up to and including ``end``.

    So that ``workdays_between(d, add_workdays(d, n)) == n``; negative when ``end`` is earlier.
    """
    if end < start:
        count = workdays_between(end, start)
        return WorkdayCount(-int(count), count.provisional)
    snap = _load()
    total = 0
    provisional = False
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        workday, assumed = _status(current, snap)
        provisional |= assumed
        total += workday
    return WorkdayCount(total, provisional)


# --- Entering a year's arrangement -----------------------------------------------------------


class ArrangementError(ValueError):
    """A year-arrangement file that cannot be loaded; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class YearArrangement:
    year: int
    source: str
    holidays: dict[dt.date, str]  # every day off, weekends inside a holiday included
    workdays: dict[dt.date, str]  # weekend days worked (调休上班)


def _parse_date(value: object, where: str, errors: list[str]) -> dt.date | None:
    if not isinstance(value, str):
        errors.append(f"{where}: expected a date written as YYYY-MM-DD, got {value!r}")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{where}: {value!r} is not a valid date (YYYY-MM-DD)")
        return None


def parse_year_arrangement(text: str) -> YearArrangement:
    """Parse and check a year-arrangement file (JSON; the format is in the README)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArrangementError([f"not valid JSON: {exc}"]) from exc
    if not isinstance(data, dict):
        raise ArrangementError(["the file must hold one JSON object"])
    errors: list[str] = []
    unknown = set(data) - {"year", "source", "holidays", "workdays"}
    if unknown:
        errors.append(f"unknown keys: {', '.join(sorted(unknown))}")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2200:
        raise ArrangementError([*errors, f"year: expected a year such as 2027, got {year!r}"])
    source = data.get("source", "")
    if not isinstance(source, str):
        errors.append("source: expected text")
        source = ""

    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    raw_holidays = data.get("holidays")
    if not isinstance(raw_holidays, list) or not raw_holidays:
        errors.append("holidays: expected a non-empty list of {name, start, end}")
        raw_holidays = []
    for i, item in enumerate(raw_holidays):
        where = f"holidays[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: expected an object with name, start and end")
            continue
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(f"{where}.name: the holiday needs a name, e.g. 春节")
            name = ""
        start = _parse_date(item.get("start"), f"{where}.start", errors)
        end = _parse_date(item.get("end", item.get("start")), f"{where}.end", errors)
        if start is None or end is None:
            continue
        if end < start:
            errors.append(f"{where}: ends ({end}) before it starts ({start})")
            continue
        if (end - start).days > 14:
            errors.append(f"{where}: {start} to {end} is longer than any official holiday")
            continue
        day = start
        while day <= end:
            if day.year != year:
                errors.append(f"{where}: {day} is not in {year}")
            elif day in holidays:
                errors.append(f"{where}: {day} is already part of {holidays[day]}")
            else:
                holidays[day] = name.strip()
            day += dt.timedelta(days=1)

    raw_workdays = data.get("workdays", [])
    if not isinstance(raw_workdays, list):
        errors.append("workdays: expected a list of {name, date}")
        raw_workdays = []
    for i, item in enumerate(raw_workdays):
        where = f"workdays[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: expected an object with name and date")
            continue
        workday = _parse_date(item.get("date"), f"{where}.date", errors)
        if workday is None:
            continue
        name = item.get("name") or "调休上班"
        if workday.year != year:
            errors.append(f"{where}: {workday} is not in {year}")
        elif workday.weekday() < 5:
            errors.append(
                f"{where}: {workday} is a weekday; a make-up working day falls on a weekend"
            )
        elif workday in holidays:
            errors.append(f"{where}: {workday} is also listed as a holiday ({holidays[workday]})")
        elif workday in workdays:
            errors.append(f"{where}: {workday} is listed twice")
        else:
            workdays[workday] = str(name)
    if errors:
        raise ArrangementError(errors)
    return YearArrangement(year=year, source=source.strip(), holidays=holidays, workdays=workdays)


# --- Stored dates follow the calendar ---------------------------------------------------------


@dataclass(frozen=True)
class CalendarChange:
    """Days whose status may have changed (``first`` to ``last``), and why, in the words the
    applicant reads on the tracking page (e.g. "2027年节假日安排已公布")."""

    first: dt.date
    last: dt.date
    reason: str


#: Functions that recompute the dates an app stored in working days. The calendar cannot know
#: which dates other apps keep, so each app registers its own (``AppConfig.ready``), like the
#: search index definitions; each returns how many dates it changed.
DateKeeper = Callable[[CalendarChange], int]
_date_keepers: dict[str, DateKeeper] = {}


def register_date_keeper(name: str, keeper: DateKeeper) -> None:
    _date_keepers[name] = keeper


def calendar_changed(change: CalendarChange) -> dict[str, int]:
    """Reload the calendar and recompute every stored date that depends on the changed days.

    Runs inside the caller's transaction (domain-spec §8: stored dates follow the calendar in
    the same transaction), so a failure leaves the calendar and the dates as they were.
    """
    invalidate()
    changed = {name: keeper(change) for name, keeper in _date_keepers.items()}
    logger.info("calendar %s–%s changed: dates recomputed %s", change.first, change.last, changed)
    return changed


@transaction.atomic
def calendar_year_import(*, arrangement: YearArrangement) -> CalendarYear:
    """Replace everything entered for the year with ``arrangement``, all or nothing, and
    recompute the stored dates it moves."""
    year = arrangement.year
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_workday=False, name=n) for d, n in arrangement.holidays.items()]
        + [CalendarDay(date=d, is_workday=True, name=n) for d, n in arrangement.workdays.items()]
    )
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": arrangement.source}
    )
    calendar_changed(
        CalendarChange(
            first=dt.date(year, 1, 1),
            last=dt.date(year, 12, 31),
            reason=arrangement.source or f"{year}年节假日安排已录入",
        )
    )
    return entry


@transaction.atomic
def calendar_year_save(*, entry: CalendarYear) -> CalendarYear:
    """Mark a year as entered (or change its source). A newly entered year replaces the
    library's data and the fixed holidays with the rows entered for it."""
    new = not CalendarYear.objects.filter(year=entry.year).exists()
    entry.save()
    if new:
        calendar_changed(
            CalendarChange(
                first=dt.date(entry.year, 1, 1),
                last=dt.date(entry.year, 12, 31),
                reason=entry.source or f"{entry.year}年节假日安排已录入",
            )
        )
    return entry


@transaction.atomic
def calendar_year_remove(*, year: int) -> None:
    """Forget a year entered by staff (its days and its entry): the library's data or the
    fixed statutory holidays apply again, and stored dates follow."""
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarYear.objects.filter(year=year).delete()
    calendar_changed(
        CalendarChange(
            first=dt.date(year, 1, 1),
            last=dt.date(year, 12, 31),
            reason=f"{year}年节假日安排已更正",
        )
    )


def _day_reason(day: CalendarDay) -> str:
    kind = "调整为工作日" if day.is_workday else "调整为休息日"
    return f"{day.date:%Y年%-m月%-d日}{kind}" + (f"（{day.name}）" if day.name else "")


@transaction.atomic
def calendar_day_save(*, day: CalendarDay) -> CalendarDay:
    """Override one day (a new row, or a change of an existing one, its date included)."""
    before = CalendarDay.objects.filter(pk=day.pk).values_list("date", flat=True).first()
    day.save()
    dates = [day.date] + ([before] if before else [])
    calendar_changed(CalendarChange(first=min(dates), last=max(dates), reason=_day_reason(day)))
    return day


@transaction.atomic
def calendar_day_delete(*, days: list[CalendarDay]) -> None:
    """Remove overrides: each day's status comes from the year's data again."""
    dates = [day.date for day in days]
    if not dates:
        return
    CalendarDay.objects.filter(pk__in=[day.pk for day in days]).delete()
    calendar_changed(
        CalendarChange(first=min(dates), last=max(dates), reason="节假日安排个别日期已更正")
    )
