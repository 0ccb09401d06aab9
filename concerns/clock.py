"""The response clock of a public concern, in clock hours.

国办发〔2016〕61号 (关于在政务公开工作中进一步做好政务舆情回应的通知) and its implementing rules
(国办发〔2016〕80号): for 特别重大、重大突发事件 the agency releases authoritative information
(权威信息) within 5 hours at the latest and holds a press conference (新闻发布会) within 24
hours; other concerns get a response within 48 hours. These are hours on the clock, counted
from when the agency became aware of the concern: they run through nights, weekends and public
holidays. The working-day calendar (``portal.workdays``), which counts the periods of the
information-request rules, has no place here, on purpose.

The hours are settings (``CONCERN_*``). An obligation is met when a response that meets it is
published: its publication time stops the clock (``Response.published_at``; a response
withdrawn later still went out when it did).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerns.models import Concern, Obligation, Response, Severity


class ClockState(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Met in time")
    MET_LATE = "met_late", _("Met late")


OBLIGATIONS: dict[str, tuple[str, ...]] = {
    Severity.MAJOR: (Obligation.AUTHORITATIVE, Obligation.PRESS_CONFERENCE),
    Severity.GENERAL: (Obligation.RESPONSE,),
}


def obligations_for(severity: str) -> tuple[str, ...]:
    return OBLIGATIONS[severity]


def limit_hours(obligation: str) -> int:
    """Hours from awareness to the limit of an obligation."""
    hours: dict[str, int] = {
        Obligation.AUTHORITATIVE: settings.CONCERN_AUTHORITATIVE_HOURS,
        Obligation.PRESS_CONFERENCE: settings.CONCERN_PRESS_CONFERENCE_HOURS,
        Obligation.RESPONSE: settings.CONCERN_RESPONSE_HOURS,
    }
    return hours[obligation]


def warning_hours(obligation: str) -> int:
    """How long before the limit the office head is told that it nears."""
    hours: dict[str, int] = {
        Obligation.AUTHORITATIVE: settings.CONCERN_AUTHORITATIVE_WARNING_HOURS,
        Obligation.PRESS_CONFERENCE: settings.CONCERN_PRESS_CONFERENCE_WARNING_HOURS,
        Obligation.RESPONSE: settings.CONCERN_RESPONSE_WARNING_HOURS,
    }
    return hours[obligation]


def due_at(aware_at: dt.datetime, obligation: str) -> dt.datetime:
    """The limit: plain elapsed hours on an aware datetime, whatever the day of the week.
    (Beijing time has no daylight saving, so elapsed hours and wall-clock hours agree.)"""
    return aware_at + dt.timedelta(hours=limit_hours(obligation))


def meets(response: Response, obligation: str) -> bool:
    """Whether a published response meets an obligation: any response is authoritative
    information or a response; only one given at a press conference meets that one."""
    if obligation == Obligation.PRESS_CONFERENCE:
        return response.at_press_conference
    return True


def met_at(responses: Iterable[Response], obligation: str) -> dt.datetime | None:
    """The earliest publication among ``responses`` that meets the obligation."""
    times = [r.published_at for r in responses if r.published_at and meets(r, obligation)]
    return min(times) if times else None


def state(
    *, due: dt.datetime, met: dt.datetime | None, now: dt.datetime, warning: dt.timedelta
) -> str:
    """On time, due soon (from ``warning`` before the limit to the limit itself, included),
    overdue (after the limit), met in time (published at or before the limit) or met late."""
    if met is not None:
        return ClockState.MET if met <= due else ClockState.MET_LATE
    if now > due:
        return ClockState.OVERDUE
    if now >= due - warning:
        return ClockState.DUE_SOON
    return ClockState.ON_TIME


@dataclass(frozen=True)
class ObligationClock:
    obligation: str
    due_at: dt.datetime
    met_at: dt.datetime | None
    state: str
    remaining: dt.timedelta  # negative once overdue; what was left when met

    @property
    def obligation_label(self) -> str:
        return str(Obligation(self.obligation).label)

    @property
    def state_label(self) -> str:
        return str(ClockState(self.state).label)

    @property
    def is_open(self) -> bool:
        return self.met_at is None


def remaining(due: dt.datetime, at: dt.datetime) -> dt.timedelta:
    return due - at


def clock(
    *, aware_at: dt.datetime, obligation: str, responses: Iterable[Response], now: dt.datetime
) -> ObligationClock:
    due = due_at(aware_at, obligation)
    met = met_at(responses, obligation)
    return ObligationClock(
        obligation=obligation,
        due_at=due,
        met_at=met,
        state=state(
            due=due, met=met, now=now, warning=dt.timedelta(hours=warning_hours(obligation))
        ),
        remaining=remaining(due, met or now),
    )


def released_responses(concern: Concern) -> list[Response]:
    """The responses that went out, from ``released`` when a selector prefetched them."""
    found = getattr(concern, "released", None)
    if found is None:
        found = list(concern.responses.released())
    return found


def clocks(concern: Concern, now: dt.datetime | None = None) -> list[ObligationClock]:
    """Every obligation of a concern with its due time, state and time left."""
    now = now or timezone.now()
    responses = released_responses(concern)
    return [
        clock(aware_at=concern.aware_at, obligation=obligation, responses=responses, now=now)
        for obligation in obligations_for(concern.severity)
    ]


def format_hours(delta: dt.timedelta) -> str:
    """“3 h 20 min” of a duration (its absolute value), for staff pages and e-mails."""
    minutes = int(abs(delta).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
