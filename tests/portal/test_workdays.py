"""The working-day calendar: official data, staff overrides, provisional years, commands."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from portal import workdays
from portal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

D = dt.date


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


# --- 2026 official arrangement (国务院办公厅关于2026年部分节假日安排的通知) ---------------


def test_spring_festival_2026_is_a_holiday_from_15_to_23_february():
    for day in range(15, 24):
        assert not workdays.is_workday(D(2026, 2, day)), f"2026-02-{day} should be a holiday"


def test_spring_festival_2026_make_up_saturdays_are_working_days():
    assert workdays.is_workday(D(2026, 2, 14))
    assert workdays.is_workday(D(2026, 2, 28))


def test_national_day_2026_is_a_holiday_from_1_to_7_october():
    for day in range(1, 8):
        assert not workdays.is_workday(D(2026, 10, day))


def test_national_day_2026_make_up_days_are_working_days():
    assert workdays.is_workday(D(2026, 9, 20))  # a Sunday
    assert workdays.is_workday(D(2026, 10, 10))  # a Saturday


def test_counting_starts_the_day_after_and_skips_the_spring_festival():
    # Friday 13 Feb + 1: Saturday 14 Feb is a make-up working day.
    assert run("add", "2026-02-13", "1") == "2026-02-14"
    # + 2: the holiday runs to Monday 23 Feb, so the next working day is Tuesday 24 Feb.
    assert workdays.add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)


def test_twenty_working_days_across_national_day():
    # Art 33 answer period from a request received on Friday 18 Sep 2026:
    # 20 Sep (Sun, worked) = 1; 21-24 Sep = 5 (25-27 Sep: Mid-Autumn); 28-30 Sep = 8;
    # 1-7 Oct off; 8, 9, 10 (Sat, worked) Oct = 11; 12-16 Oct = 16; 19-22 Oct = 20.
    due = workdays.add_workdays(D(2026, 9, 18), 20)
    assert due == D(2026, 10, 22)
    assert not due.provisional


def test_workdays_between_is_the_inverse_of_add():
    start = D(2026, 1, 30)
    for n in (1, 7, 15, 20, 40):
        end = workdays.add_workdays(start, n)
        assert workdays.workdays_between(start, end) == n
    assert workdays.workdays_between(D(2026, 2, 14), D(2026, 2, 13)) == -1


def test_add_zero_is_the_same_day_and_negative_counts_back():
    assert workdays.add_workdays(D(2026, 2, 24), 0) == D(2026, 2, 24)
    assert workdays.add_workdays(D(2026, 2, 24), -1) == D(2026, 2, 14)


# --- Staff overrides --------------------------------------------------------------------


def test_staff_override_turns_a_working_day_into_a_holiday():
    assert workdays.is_workday(D(2026, 6, 1))
    CalendarDay.objects.create(date=D(2026, 6, 1), is_workday=False, name="临时调整")
    workdays.invalidate()
    assert not workdays.is_workday(D(2026, 6, 1))
    assert run("add", "2026-05-29", "1") == "2026-06-02"


def test_override_is_seen_by_the_admin_without_restart(admin_client):
    assert workdays.is_workday(D(2026, 6, 1))  # load the calendar into this process
    response = admin_client.post(
        "/admin/portal/calendarday/add/",
        {"date": "2026-06-01", "is_workday": "", "name": "临时调整", "note": ""},
    )
    assert response.status_code == 302
    assert not workdays.is_workday(D(2026, 6, 1))


# --- Years without data -----------------------------------------------------------------


def test_year_without_data_assumes_monday_to_friday_and_is_provisional():
    assert not workdays.library_has_year(2031)
    due = workdays.add_workdays(D(2031, 3, 7), 1)  # a Friday
    assert due == D(2031, 3, 10)
    assert due.provisional
    assert workdays.is_provisional(D(2031, 3, 10))
    assert run("add", "2031-03-07", "1") == "2031-03-10 provisional"


def test_deadline_running_into_a_year_without_data_is_provisional():
    due = workdays.add_workdays(D(2026, 12, 18), 20)
    assert due.provisional
    assert not workdays.add_workdays(D(2026, 11, 2), 20).provisional


def test_far_future_date_never_raises():
    assert workdays.add_workdays(D(2199, 12, 30), 5).provisional
    assert run("check", "2199-12-31").endswith("provisional")


def test_counting_costs_no_query_per_day(django_assert_num_queries):
    workdays.is_workday(D(2026, 1, 5))  # first use loads the overrides
    with django_assert_num_queries(0):
        workdays.add_workdays(D(2026, 1, 5), 200)
        workdays.workdays_between(D(2026, 1, 5), D(2027, 6, 1))


# --- import-year --------------------------------------------------------------------------

YEAR_2031 = {
    "year": 2031,
    "source": "国务院办公厅关于2031年部分节假日安排的通知",
    "holidays": [
        {"name": "元旦", "start": "2031-01-01", "end": "2031-01-01"},
        {"name": "春节", "start": "2031-01-22", "end": "2031-01-29"},
    ],
    "workdays": [{"name": "春节调休上班", "date": "2031-01-19"}],
}


def write(tmp_path, data) -> str:
    path = tmp_path / "year.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_import_year_loads_holidays_and_make_up_days(tmp_path):
    # Before: 除夕 to 初三 (22-25 January) are off by law, the bridging Monday 27 is not.
    assert not workdays.is_workday(D(2031, 1, 22))
    assert workdays.is_workday(D(2031, 1, 27))
    out = run("import-year", write(tmp_path, YEAR_2031))
    assert "9 holiday days" in out and "1 make-up" in out
    assert not workdays.is_workday(D(2031, 1, 27))
    assert workdays.is_workday(D(2031, 1, 19))  # a Sunday worked
    # The year is no longer provisional: staff entered its arrangement.
    assert run("add", "2031-01-21", "1") == "2031-01-30"


def test_import_year_replaces_an_earlier_import(tmp_path):
    run("import-year", write(tmp_path, YEAR_2031))
    corrected = {**YEAR_2031, "holidays": [YEAR_2031["holidays"][0]], "workdays": []}
    run("import-year", write(tmp_path, corrected))
    assert workdays.is_workday(D(2031, 1, 22))
    assert CalendarDay.objects.filter(date__year=2031).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ({**YEAR_2031, "year": "2031"}, "year: expected a year"),
        (
            {**YEAR_2031, "workdays": [{"date": "2031-01-20", "name": "x"}]},
            "2031-01-20 is a weekday",
        ),
        (
            {**YEAR_2031, "holidays": [{"name": "春节", "start": "2031-02-30"}]},
            "'2031-02-30' is not a valid date",
        ),
        (
            {
                **YEAR_2031,
                "holidays": [{"name": "元旦", "start": "2030-12-31", "end": "2031-01-01"}],
            },
            "2030-12-31 is not in 2031",
        ),
    ],
)
def test_import_year_with_a_bad_file_changes_nothing(tmp_path, content, message):
    CalendarDay.objects.create(date=D(2031, 5, 5), is_workday=False, name="已有")
    with pytest.raises(CommandError) as excinfo:
        run("import-year", write(tmp_path, content))
    assert message in str(excinfo.value)
    assert "nothing changed" in str(excinfo.value)
    assert list(CalendarDay.objects.values_list("name", flat=True)) == ["已有"]
    assert not CalendarYear.objects.exists()


def test_import_year_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run("import-year", str(tmp_path / "missing.json"))


def test_add_with_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="not a date"):
        run("add", "2026-02-30", "3")
