"""The response clock runs in clock hours: 5 h for authoritative information and 24 h for a
press conference on a major emergency, 48 h for other concerns (国办发〔2016〕61号), through
nights, weekends and public holidays; the states at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from concerns import clock
from concerns.clock import ClockState
from concerns.models import Obligation, Severity
from portal import workdays
from tests.concerns.conftest import beijing, publish_response, register

pytestmark = pytest.mark.django_db


def _by_obligation(concern, now):
    return {item.obligation: item for item in clock.clocks(concern, now)}


def test_a_major_emergency_found_at_night_is_due_across_midnight(agency_a, drafter_a):
    concern = register(
        agency_a, drafter_a, severity=Severity.MAJOR, aware_at=beijing(2026, 3, 10, 21, 30)
    )
    clocks = _by_obligation(concern, beijing(2026, 3, 10, 22, 0))
    assert set(clocks) == {Obligation.AUTHORITATIVE, Obligation.PRESS_CONFERENCE}
    # 21:30 + 5 h is 02:30 the next morning, not the next working morning.
    assert clocks[Obligation.AUTHORITATIVE].due_at == beijing(2026, 3, 11, 2, 30)
    assert clocks[Obligation.PRESS_CONFERENCE].due_at == beijing(2026, 3, 11, 21, 30)
    assert clocks[Obligation.AUTHORITATIVE].remaining == dt.timedelta(hours=4, minutes=30)


def test_hours_run_on_a_public_holiday_unlike_the_working_day_calendar(agency_a, drafter_a):
    # 国庆节: 1 and 2 October 2026 are days off; a working-day count would skip them.
    found = beijing(2026, 9, 30, 20, 0)
    assert not workdays.is_workday(dt.date(2026, 10, 1))
    assert not workdays.is_workday(dt.date(2026, 10, 2))
    concern = register(agency_a, drafter_a, severity=Severity.GENERAL, aware_at=found)
    (response_clock,) = clock.clocks(concern, beijing(2026, 10, 2, 21, 0))
    assert response_clock.due_at == beijing(2026, 10, 2, 20, 0)
    assert response_clock.state == ClockState.OVERDUE
    assert response_clock.due_at.date() < workdays.add_workdays(found.date(), 2)


def test_the_clock_never_consults_the_working_day_calendar(agency_a, drafter_a, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the response clock must not use working days")

    for name in ("is_workday", "add_workdays", "workdays_between"):
        monkeypatch.setattr(workdays, name, refuse)
    concern = register(
        agency_a, drafter_a, severity=Severity.MAJOR, aware_at=beijing(2026, 2, 16, 9, 0)
    )
    assert [c.due_at for c in clock.clocks(concern, beijing(2026, 2, 16, 10, 0))] == [
        beijing(2026, 2, 16, 14, 0),
        beijing(2026, 2, 17, 9, 0),  # 春节: the first day of the year, a holiday
    ]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (beijing(2026, 3, 10, 12, 59), ClockState.ON_TIME),
        (beijing(2026, 3, 10, 13, 0), ClockState.DUE_SOON),  # one hour before 14:00
        (beijing(2026, 3, 10, 14, 0), ClockState.DUE_SOON),  # the limit itself is still in time
        (beijing(2026, 3, 10, 14, 0, 1), ClockState.OVERDUE),
    ],
)
def test_authoritative_information_due_soon_and_overdue_boundaries(
    now, expected, agency_a, drafter_a
):
    concern = register(
        agency_a, drafter_a, severity=Severity.MAJOR, aware_at=beijing(2026, 3, 10, 9, 0)
    )
    assert _by_obligation(concern, now)[Obligation.AUTHORITATIVE].state == expected


@pytest.mark.parametrize(
    ("hours_after", "expected"),
    [(43.9, ClockState.ON_TIME), (44, ClockState.DUE_SOON), (48, ClockState.DUE_SOON),
     (48.01, ClockState.OVERDUE)],
)  # fmt: skip
def test_a_general_concern_is_due_soon_four_hours_before_48(
    hours_after, expected, agency_a, drafter_a
):
    found = beijing(2026, 3, 6, 18, 0)  # a Friday evening: the 48 hours end on Sunday
    concern = register(agency_a, drafter_a, severity=Severity.GENERAL, aware_at=found)
    (response_clock,) = clock.clocks(concern, found + dt.timedelta(hours=hours_after))
    assert response_clock.due_at == beijing(2026, 3, 8, 18, 0)
    assert response_clock.state == expected


def test_the_hours_come_from_the_settings(settings, agency_a, drafter_a):
    settings.CONCERN_RESPONSE_HOURS = 24
    settings.CONCERN_RESPONSE_WARNING_HOURS = 2
    concern = register(
        agency_a, drafter_a, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 10, 9, 0)
    )
    (response_clock,) = clock.clocks(concern, beijing(2026, 3, 11, 7, 30))
    assert response_clock.due_at == beijing(2026, 3, 11, 9, 0)
    assert response_clock.state == ClockState.DUE_SOON


def test_publication_stops_the_clock_in_time_or_late(agency_a, drafter_a, approver_a):
    concern = register(
        agency_a, drafter_a, severity=Severity.MAJOR, aware_at=beijing(2026, 3, 10, 22, 0)
    )
    publish_response(
        concern, drafter=drafter_a, reviewer=approver_a, at=beijing(2026, 3, 11, 2, 45)
    )
    clocks = _by_obligation(concern, beijing(2026, 3, 12, 12, 0))
    authoritative = clocks[Obligation.AUTHORITATIVE]
    assert authoritative.state == ClockState.MET
    assert authoritative.met_at == beijing(2026, 3, 11, 2, 45)
    assert authoritative.remaining == dt.timedelta(minutes=15)
    # An ordinary release is no press conference: that clock kept running, and ran out.
    assert clocks[Obligation.PRESS_CONFERENCE].state == ClockState.OVERDUE
    publish_response(
        concern, drafter=drafter_a, reviewer=approver_a, at=beijing(2026, 3, 12, 10, 0),
        press=True, title="新闻发布会答记者问",
    )  # fmt: skip
    clocks = _by_obligation(concern, beijing(2026, 3, 12, 12, 0))
    assert clocks[Obligation.PRESS_CONFERENCE].state == ClockState.MET_LATE


def test_a_draft_response_does_not_stop_the_clock(agency_a, drafter_a):
    from concerns import drafting
    from concerns.models import Response

    concern = register(
        agency_a, drafter_a, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 10, 9, 0)
    )
    drafting.response_save(
        response=Response(
            agency=agency_a, concern=concern, kind="briefing", title="草稿", text="x"
        ),
        user=drafter_a,
    )
    (response_clock,) = clock.clocks(concern, beijing(2026, 3, 12, 10, 0))
    assert response_clock.state == ClockState.OVERDUE and response_clock.met_at is None
