"""Provisional years keep the holidays fixed by 全国年节及纪念日放假办法 (2024 revision): only the
State Council's bridging days and make-up working days wait for the year's notice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from django.core.management import call_command

from portal import workdays

pytestmark = pytest.mark.django_db

D = dt.date


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().strip()


def test_fixed_holidays_2027_from_the_lunar_calendar_and_solar_terms():
    assert not workdays.library_has_year(2027)
    assert workdays.statutory_holidays(2027) == {
        D(2027, 1, 1): "元旦",
        # 春节: 除夕 (5 Feb) to 初三 (8 Feb); 正月初一 2027 is 6 February.
        D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节", D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节",
    }  # fmt: skip


def test_fixed_holidays_agree_with_the_official_2026_arrangement():
    """The computed lunar and solar-term days are days off in the official 2026 data."""
    for day in workdays.statutory_holidays(2026):
        assert not workdays.is_workday(day), day


def test_art33_deadline_never_ends_on_new_year_in_a_provisional_year():
    # A weekday-only count would end on Friday 1 January 2027.
    due = workdays.add_workdays(D(2026, 12, 4), 20)
    assert due == D(2027, 1, 4)
    assert due.provisional


def test_art33_deadline_never_ends_on_national_day_in_a_provisional_year():
    for start in (D(2031, 9, 3), D(2031, 9, 2), D(2031, 9, 1)):
        due = workdays.add_workdays(start, 20)
        assert due.provisional
        assert (due.month, due.day) not in {(10, 1), (10, 2), (10, 3)}, start
    assert not workdays.is_workday(D(2031, 10, 1))  # a Wednesday
    assert workdays.is_provisional(D(2031, 10, 1))


def test_spring_festival_of_a_provisional_year_is_four_days_off():
    # 2030: 正月初一 is Sunday 3 February; 除夕 Saturday 2 Feb to 初三 Tuesday 5 Feb.
    assert not workdays.is_workday(D(2030, 2, 4))
    assert not workdays.is_workday(D(2030, 2, 5))
    assert workdays.is_workday(D(2030, 2, 6))
    assert workdays.add_workdays(D(2030, 2, 1), 1) == D(2030, 2, 6)


def test_workdays_command_shows_the_fixed_holiday_of_a_provisional_year():
    assert run("workdays", "check", "2027-10-01") == "2027-10-01 rest day provisional (国庆节)"
    assert run("workdays", "add", "2026-12-04", "20") == "2027-01-04 provisional"
    listing = run("workdays", "holidays", "2027")
    assert "2027-06-09 端午节 provisional" in listing
    assert "2027 is provisional" in listing


def test_request_deadline_command_names_the_skipped_fixed_holidays():
    output = run("request_deadline", "--received", "2026-12-15").splitlines()
    assert output[0] == "2027-01-13 provisional"
    assert "  skipped 2027-01-01 元旦 (fixed by law)" in output


def test_an_entered_year_replaces_the_fixed_holidays(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(
        '{"year": 2027, "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"}]}'
    )
    run("workdays", "import-year", str(path))
    assert not workdays.is_provisional(D(2027, 6, 9))
    # The notice is authoritative: a day it does not list off is a working day.
    assert workdays.is_workday(D(2027, 6, 9))
