"""A list's life: drafted with its file, reviewed and published through the shared workflow,
on display from the first to the last day of its 公示期 exactly, then withdrawn by the daily
task, which records it; the totals computed from the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from portal import page_cache
from publishing import workflow
from publishing.models import ReviewResult, Status
from subsidies import expiry, selectors
from subsidies.models import BeneficiaryList, BeneficiaryRow
from tests.subsidies.conftest import ROWS, draft, publish, xlsx

pytestmark = pytest.mark.django_db

# The list's 公示期: 2026-10-08 to 2026-10-14 (seven days by default), in Shanghai.
FIRST_DAY = dt.datetime(2026, 10, 8, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LAST_DAY = dt.datetime(2026, 10, 14, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PUBLISHED_ON = dt.datetime(2026, 10, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, publisher_a) -> BeneficiaryList:
    with time_machine.travel(PUBLISHED_ON, tick=False):
        return publish(draft(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)


def _status(client, item) -> int:
    cache.clear()
    return client.get(item.get_absolute_url()).status_code


def test_the_list_is_on_display_exactly_during_its_notice_period(client, published):
    assert (published.notice_start, published.notice_end) == (
        dt.date(2026, 10, 8), dt.date(2026, 10, 14),
    )  # fmt: skip
    for moment, shown in [
        (PUBLISHED_ON, False),  # published the day before: not yet
        (FIRST_DAY - dt.timedelta(hours=1), False),  # 23:30 the evening before, in Shanghai
        (FIRST_DAY, True),
        (LAST_DAY, True),
        (LAST_DAY + dt.timedelta(hours=1), False),  # 00:30 the day after
    ]:
        with time_machine.travel(moment, tick=False):
            assert (_status(client, published) == 200) is shown, moment
            assert (published in selectors.on_display()) is shown, moment
            api = client.get(f"/api/v1/subsidy-lists/{published.pk}/")
            assert (api.status_code == 200) is shown, moment


def test_the_daily_task_records_the_withdrawal_the_day_after_and_is_idempotent(published):
    assert expiry.withdraw_expired(dt.date(2026, 10, 14)) == 0  # still its last day
    assert expiry.withdraw_expired(dt.date(2026, 10, 15)) == 1
    assert expiry.withdraw_expired(dt.date(2026, 10, 15)) == 0
    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN
    assert published.withdrawal_reason == "The notice period ended on 2026-10-14."
    event = published.events.get(action="expire")
    assert event.actor is None and (event.from_status, event.to_status) == (
        "published",
        "withdrawn",
    )


def test_the_daily_task_is_scheduled_and_runs(published, settings):
    from subsidies import tasks

    schedule = settings.CELERY_BEAT_SCHEDULE["subsidies-end-notice-periods"]
    assert schedule["task"] == "subsidies.tasks.end_notice_periods"
    with time_machine.travel(LAST_DAY + dt.timedelta(days=2), tick=False):
        assert tasks.end_notice_periods.delay().get() == {"withdrawn": 1, "started": 0}


def test_a_missed_run_is_caught_up(published):
    assert expiry.withdraw_expired(dt.date(2027, 1, 1)) == 1


def test_the_cached_pages_retire_when_a_notice_period_starts_and_ends(
    published, django_capture_on_commit_callbacks
):
    version = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.announce_started(dt.date(2026, 10, 7)) == 0
    assert page_cache.content_version() == version
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry.announce_started(dt.date(2026, 10, 8)) == 1
    started = page_cache.content_version()
    assert started != version
    with django_capture_on_commit_callbacks(execute=True):
        expiry.withdraw_expired(dt.date(2026, 10, 15))
    assert page_cache.content_version() != started


def test_no_one_but_the_system_may_end_the_notice_period(published, publisher_a):
    with pytest.raises(PermissionDenied):
        workflow.expire(obj=published, user=publisher_a, reason="提前结束")
    assert ("expire", "End of the public period") not in workflow.available_actions(
        published, publisher_a
    )
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_a_list_past_its_notice_period_is_not_published(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    item = draft(agency_a, drafter_a)
    workflow.submit(obj=item, user=drafter_a)
    workflow.approve(obj=item, user=reviewer_a, review_result=ReviewResult.CLEAR)
    after = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
    with (
        time_machine.travel(after, tick=False),
        pytest.raises(ValidationError, match="ended on 2026-10-14"),
    ):
        workflow.publish(obj=item, user=publisher_a)
    item.refresh_from_db()
    assert item.status == Status.APPROVED


def test_a_list_without_its_file_cannot_be_submitted(agency_a, drafter_a):
    from subsidies import drafting

    item = drafting.list_save(
        beneficiary_list=BeneficiaryList(
            agency=agency_a, title="名单", kind="dibao", period="2026年10月",
            notice_start=dt.date(2026, 10, 8), supervision_phone="12345",
        ),
        user=drafter_a,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="spreadsheet"):
        workflow.submit(obj=item, user=drafter_a)


def test_the_drafter_cannot_approve_their_own_list(agency_a, editor_a):
    item = draft(agency_a, editor_a)
    workflow.submit(obj=item, user=editor_a)
    with pytest.raises(PermissionDenied):
        workflow.approve(obj=item, user=editor_a, review_result=ReviewResult.CLEAR)


def test_a_row_holding_a_value_in_clear_stops_the_list_without_override(
    agency_a, drafter_a, reviewer_a
):
    """Masking is checked again before review and at approval, against the stored file: a
    row that somehow holds its own value in clear stops the list."""
    item = draft(agency_a, drafter_a)
    BeneficiaryRow.objects.filter(beneficiary_list=item, number=1).update(name="张三丰")
    with pytest.raises(ValidationError, match=r"in clear \(rows 2 of the file\)"):
        workflow.submit(obj=item, user=drafter_a)
    BeneficiaryRow.objects.filter(beneficiary_list=item, number=1).update(name="张**")
    workflow.submit(obj=item, user=drafter_a)
    BeneficiaryRow.objects.filter(beneficiary_list=item, number=2).update(
        category="联系人 13900001111"
    )
    with pytest.raises(ValidationError, match=r"in clear \(rows 3 of the file\)"):
        workflow.approve(
            obj=item, user=reviewer_a, review_result=ReviewResult.CLEAR, override_reason="核实过"
        )


def test_personal_data_in_the_notes_is_caught_by_the_screening_at_approval(
    agency_a, drafter_a, reviewer_a
):
    item = draft(agency_a, drafter_a, notes="有异议请联系经办人，手机13812345678。")
    workflow.submit(obj=item, user=drafter_a)
    with pytest.raises(ValidationError, match="screening"):
        workflow.approve(obj=item, user=reviewer_a, review_result=ReviewResult.CLEAR)


def test_a_published_list_cannot_be_edited(published, drafter_a):
    from subsidies import drafting

    published.title = "改过的标题"
    with pytest.raises(ValidationError, match="Only a draft"):
        drafting.list_save(beneficiary_list=published, user=drafter_a)


def test_the_totals_are_computed_from_the_rows(agency_a, drafter_a):
    item = draft(agency_a, drafter_a)
    assert selectors.list_totals(item) == {
        "row_count": 3, "people_total": 6, "amount_total": Decimal("4340.50"),
    }  # fmt: skip
    annotated = BeneficiaryList.objects.with_totals().get(pk=item.pk)
    assert (annotated.row_count, annotated.people_total, annotated.amount_total) == (
        3, 6, Decimal("4340.50"),
    )  # fmt: skip


def test_a_list_without_amounts_or_people_has_no_such_totals(agency_a, drafter_a):
    item = draft(
        agency_a, drafter_a, xlsx(header=["姓名", "村"], rows=[[r[1], r[6]] for r in ROWS])
    )
    assert selectors.list_totals(item) == {
        "row_count": 3, "people_total": None, "amount_total": None,
    }  # fmt: skip
