"""预算法 第十四条: published within 20 calendar days after approval, days counted in China."""

from __future__ import annotations

import datetime as dt

import pytest

from budgets import deadlines
from budgets.models import BudgetDisclosure
from publishing.models import Status
from tests.budgets.conftest import draft, publish

UTC = dt.UTC
APPROVED = dt.date(2026, 1, 22)


def test_due_date_is_the_twentieth_day_after_approval():
    assert deadlines.due_date(APPROVED) == dt.date(2026, 2, 11)


def _published_at(disclosure: BudgetDisclosure, moment: dt.datetime) -> BudgetDisclosure:
    BudgetDisclosure.objects.filter(pk=disclosure.pk).update(published_at=moment)
    disclosure.refresh_from_db()
    return disclosure


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, publisher_a) -> BudgetDisclosure:
    return publish(draft(agency_a, drafter_a, approval_date=APPROVED), drafter_a, reviewer_a,
                   publisher_a)  # fmt: skip


@pytest.mark.django_db
def test_published_late_on_the_last_day_in_china_is_on_time(published):
    # 15:50 UTC on the 11th is 23:50 in Shanghai: still the last day.
    disclosure = _published_at(published, dt.datetime(2026, 2, 11, 15, 50, tzinfo=UTC))
    assert deadlines.published_on(disclosure) == dt.date(2026, 2, 11)
    assert deadlines.timeliness(disclosure) == deadlines.Timeliness.ON_TIME
    assert deadlines.days_late(disclosure) == 0


@pytest.mark.django_db
def test_published_just_after_midnight_in_china_is_late(published):
    # 16:10 UTC on the 11th is 00:10 on the 12th in Shanghai: a day late, whatever UTC says.
    disclosure = _published_at(published, dt.datetime(2026, 2, 11, 16, 10, tzinfo=UTC))
    assert deadlines.published_on(disclosure) == dt.date(2026, 2, 12)
    assert deadlines.timeliness(disclosure) == deadlines.Timeliness.LATE
    assert deadlines.days_late(disclosure) == 1


@pytest.mark.django_db
def test_unpublished_is_overdue_only_after_the_last_day(agency_a, drafter_a):
    disclosure = draft(agency_a, drafter_a, approval_date=APPROVED)
    assert deadlines.timeliness(disclosure, dt.date(2026, 2, 11)) == deadlines.Timeliness.PENDING
    assert list(deadlines.overdue(dt.date(2026, 2, 11))) == []
    assert deadlines.timeliness(disclosure, dt.date(2026, 2, 12)) == deadlines.Timeliness.OVERDUE
    assert list(deadlines.overdue(dt.date(2026, 2, 12))) == [disclosure]
    assert deadlines.days_late(disclosure, dt.date(2026, 2, 15)) == 4


@pytest.mark.django_db
def test_in_review_and_approved_are_still_unpublished(agency_a, drafter_a, reviewer_a):
    from publishing import workflow
    from publishing.models import ReviewResult

    disclosure = draft(agency_a, drafter_a, approval_date=APPROVED)
    workflow.submit(obj=disclosure, user=drafter_a)
    assert list(deadlines.overdue(dt.date(2026, 3, 1))) == [disclosure]
    workflow.approve(obj=disclosure, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert list(deadlines.overdue(dt.date(2026, 3, 1))) == [disclosure]


@pytest.mark.django_db
def test_published_late_lists_only_late_ones(published, agency_a, drafter_a, reviewer_a,
                                             publisher_a):  # fmt: skip
    _published_at(published, dt.datetime(2026, 2, 10, 2, 0, tzinfo=UTC))
    late = publish(
        draft(agency_a, drafter_a, kind="final", year=2025, approval_date=dt.date(2026, 7, 20)),
        drafter_a, reviewer_a, publisher_a, on=dt.date(2026, 8, 20),
    )  # fmt: skip
    assert late.status == Status.PUBLISHED
    assert deadlines.published_late(approved_since=dt.date(2026, 1, 1)) == [late]
    assert deadlines.published_late(approved_since=dt.date(2026, 8, 1)) == []
