"""Stored dates follow the calendar (domain-spec §8, issue 13 §1).

The end-to-end case of the legal review: a fee notice served on 2026-12-04, whose pay-by date
falls in 2027, a year without official data when it is computed. Before the fix the sweep
closed the request as unpaid on the provisional date; now nothing closes on a provisional date,
staff are told, and entering 2027 moves the date and clears the mark in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from django.core import mail

from disclosure.models import Document
from portal import workdays
from portal.models import CalendarDay
from publishing.models import Status as DocumentStatus
from requests_app import handling, reminders
from requests_app.models import FeeNotice, Outcome, Pause, RequestEvent, Status
from tests.requests_app.conftest import enter

pytestmark = pytest.mark.django_db
D = dt.date


def at(day: dt.date) -> time_machine.travel:
    """Travel to ``day``, 10:00 Beijing time."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, 0), tick=False)


def import_2027(*, extra_holidays: tuple[str, ...] = ()) -> None:
    """The 2027 arrangement as a State Council notice would give it; ``extra_holidays`` are
    bridging days beyond the fixed ones."""
    holidays = [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"}]
    holidays += [{"name": "调休", "start": day, "end": day} for day in extra_holidays]
    text = json.dumps({"year": 2027, "source": "2027年节假日安排", "holidays": holidays})
    workdays.calendar_year_import(arrangement=workdays.parse_year_arrangement(text))


@pytest.fixture
def handler(handler_a):
    handler_a.email = "handler@example.gov.cn"
    handler_a.save()
    return handler_a


@pytest.fixture
def fee_pending(agency_a, handler):
    with at(D(2026, 12, 4)):
        request = enter(agency_a, handler, D(2026, 11, 20))
        handling.request_fee_notice(
            info_request=request, user=handler, method=FeeNotice.Method.BY_VOLUME, pages=50,
            sent_on=D(2026, 12, 4),
        )  # fmt: skip
    request.refresh_from_db()
    return request


def test_art30_fee_pay_by_in_a_provisional_year_is_marked_and_skips_new_year(fee_pending):
    notice = fee_pending.fees.get()
    # 20 working days from 4 December: 31 December is the 19th; 1 January is 元旦 by law.
    assert notice.pay_by == D(2027, 1, 4)
    assert notice.pay_by_provisional


def test_no_automatic_fee_closure_on_a_provisional_date_staff_are_told(fee_pending):
    with at(D(2027, 1, 5)):
        closed = reminders.close_expired_periods()
    fee_pending.refresh_from_db()
    assert closed == 0
    assert fee_pending.status == Status.FEE_PENDING
    assert [message.to for message in mail.outbox] == [["handler@example.gov.cn"]]
    assert fee_pending.tracking_number in mail.outbox[0].subject
    assert "暂定" in mail.outbox[0].subject
    # Told once per period end, however often the sweep runs.
    with at(D(2027, 1, 6)):
        reminders.close_expired_periods()
    assert len(mail.outbox) == 1


def test_the_fee_service_itself_refuses_a_provisional_expiry(fee_pending):
    with at(D(2027, 1, 5)), pytest.raises(Exception, match="provisional"):
        handling.request_fee_expired(info_request=fee_pending, user=handling.SYSTEM)


def test_calendar_import_moves_the_pay_by_date_and_tells_the_applicant(fee_pending):
    with at(D(2026, 12, 10)):
        import_2027(extra_holidays=("2027-01-04",))
    notice = fee_pending.fees.get()
    assert notice.pay_by == D(2027, 1, 5)
    assert not notice.pay_by_provisional
    event = RequestEvent.objects.filter(request=fee_pending, action="calendar_change").get()
    assert event.visible_to_applicant
    assert "2027-01-05" in event.public_note and "2027-01-04" in event.public_note
    assert "2027年节假日安排" in event.public_note


def test_fee_window_end_to_end_closes_only_after_the_real_last_day(fee_pending):
    """The review's case: the real last day to pay (5 January) is never cut short."""
    with at(D(2027, 1, 5)):
        assert reminders.close_expired_periods() == 0  # provisional: staff told
    with at(D(2027, 1, 5)):
        import_2027(extra_holidays=("2027-01-04",))
        assert reminders.close_expired_periods() == 0  # 5 January is the last day to pay
    fee_pending.refresh_from_db()
    assert fee_pending.status == Status.FEE_PENDING
    with at(D(2027, 1, 6)):
        assert reminders.close_expired_periods() == 1
    fee_pending.refresh_from_db()
    assert fee_pending.status == Status.CLOSED
    assert fee_pending.outcome == Outcome.OTHER_FEE_UNPAID


def test_answer_due_follows_an_imported_year(agency_a, handler):
    with at(D(2026, 12, 15)):
        request = enter(agency_a, handler, D(2026, 12, 15))
    assert (request.due_date, request.due_provisional) == (D(2027, 1, 13), True)
    with at(D(2026, 12, 16)):
        import_2027(extra_holidays=("2027-01-04",))
    request.refresh_from_db()
    assert (request.due_date, request.due_provisional) == (D(2027, 1, 14), False)
    event = request.events.get(action="calendar_change")
    assert event.visible_to_applicant and "2027-01-14" in event.public_note


def test_an_unchanged_date_loses_only_its_provisional_mark(agency_a, handler):
    with at(D(2026, 12, 15)):
        request = enter(agency_a, handler, D(2026, 12, 15))
        import_2027()
    request.refresh_from_db()
    assert (request.due_date, request.due_provisional) == (D(2027, 1, 13), False)
    # Nothing the applicant sees changed, so the timeline says nothing.
    assert not request.events.filter(action="calendar_change").exists()


def test_a_single_day_override_moves_dates_in_the_same_transaction(agency_a, handler):
    with at(D(2026, 11, 2)):
        request = enter(agency_a, handler, D(2026, 11, 2))
    assert request.due_date == D(2026, 11, 30)
    with at(D(2026, 11, 3)):
        workdays.calendar_day_save(
            day=CalendarDay(date=D(2026, 11, 20), is_workday=False, name="台风停工")
        )
    request.refresh_from_db()
    assert request.due_date == D(2026, 12, 1)
    with at(D(2026, 11, 4)):
        workdays.calendar_day_delete(days=list(CalendarDay.objects.all()))
    request.refresh_from_db()
    assert request.due_date == D(2026, 11, 30)


def test_the_admin_calendar_day_page_recomputes_stored_dates(admin_client, agency_a, handler):
    with at(D(2026, 11, 2)):
        request = enter(agency_a, handler, D(2026, 11, 2))
        response = admin_client.post(
            "/admin/portal/calendarday/add/",
            {"date": "2026-11-20", "name": "台风停工", "note": ""},  # unticked: a day off
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.due_date == D(2026, 12, 1)


def test_correction_and_consultation_dues_follow_the_calendar(agency_a, handler):
    with at(D(2026, 12, 11)):
        corrected = enter(agency_a, handler, D(2026, 12, 9))
        handling.request_correction(
            info_request=corrected, user=handler, notified_on=D(2026, 12, 11),
            what_to_supplement="请补充文件名称", period_workdays=15,
        )  # fmt: skip
        consulted = enter(agency_a, handler, D(2026, 12, 9))
        handling.request_consult_third_party(
            info_request=consulted, user=handler, sent_on=D(2026, 12, 11), party="某公司"
        )
    correction = corrected.correction
    assert (correction.due_on, correction.due_provisional) == (D(2027, 1, 4), True)
    pause = Pause.objects.get(request=consulted)
    assert (pause.reply_due, pause.reply_due_provisional) == (D(2027, 1, 4), True)
    with at(D(2026, 12, 14)):
        import_2027(extra_holidays=("2027-01-04",))
    correction.refresh_from_db()
    pause.refresh_from_db()
    assert (correction.due_on, correction.due_provisional) == (D(2027, 1, 5), False)
    assert (pause.reply_due, pause.reply_due_provisional) == (D(2027, 1, 5), False)
    assert corrected.events.get(action="calendar_change").visible_to_applicant
    # The consulted party's date is the staff's business: an internal note. The answer due
    # date, which counts the pause only up to it, moves too, and that the applicant is told.
    internal, visible = consulted.events.filter(action="calendar_change").order_by("id")
    assert not internal.visible_to_applicant and "2027-01-05" in internal.note
    assert visible.visible_to_applicant and "answer due date" in visible.public_note


def test_art26_publication_due_of_a_draft_follows_the_calendar(agency_a):
    draft = Document.objects.create(
        agency=agency_a, title="草稿", date_formed=D(2026, 12, 4), status=DocumentStatus.DRAFT,
        publish_due=D(2027, 1, 4), publish_due_provisional=True,
    )  # fmt: skip
    with at(D(2026, 12, 10)):
        import_2027(extra_holidays=("2027-01-04",))
    draft.refresh_from_db()
    assert (draft.publish_due, draft.publish_due_provisional) == (D(2027, 1, 5), False)


def test_a_failed_recomputation_leaves_calendar_and_dates_unchanged(agency_a, handler, monkeypatch):
    with at(D(2026, 12, 15)):
        request = enter(agency_a, handler, D(2026, 12, 15))

    def broken(change):
        raise RuntimeError("disk full")

    monkeypatch.setitem(workdays._date_keepers, "broken", broken)
    with at(D(2026, 12, 16)), pytest.raises(RuntimeError):
        import_2027(extra_holidays=("2027-01-04",))
    request.refresh_from_db()
    assert (request.due_date, request.due_provisional) == (D(2027, 1, 13), True)
    assert not CalendarDay.objects.exists()


def test_a_calendar_change_fills_in_a_missing_pay_by_date_without_telling_a_change(fee_pending):
    """A stored period end that is missing (the sweep selects those too) is computed; the
    applicant was shown no date, so no "the date is now … (was …)" event is written. The
    import used to fail on it, rolling back the whole year's arrangement."""
    FeeNotice.objects.filter(request=fee_pending).update(pay_by=None, pay_by_provisional=False)
    with at(D(2026, 12, 10)):
        import_2027(extra_holidays=("2027-01-04",))
    notice = fee_pending.fees.get()
    assert (notice.pay_by, notice.pay_by_provisional) == (D(2027, 1, 5), False)
    assert not RequestEvent.objects.filter(request=fee_pending, action="calendar_change").exists()
