"""The stale-account rule (two weeks without an update is a single veto, per platform limit)
and how it reaches the self-inspection."""

from __future__ import annotations

import datetime as dt

import pytest

from inspection import scoring
from inspection.findings import Check
from newmedia import checks
from newmedia.models import Platform
from tests.newmedia.conftest import TODAY, draft, publish

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def test_an_account_updated_14_days_ago_is_not_stale_but_15_days_is(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    on_limit = publish(draft(agency_a, drafter_a, name="十四天", last_updated_on=_days_ago(14)),
                       drafter_a, reviewer_a, publisher_a)  # fmt: skip
    past = publish(draft(agency_a, drafter_a, name="十五天", last_updated_on=_days_ago(15)),
                   drafter_a, reviewer_a, publisher_a)  # fmt: skip
    assert not checks.is_stale(on_limit, TODAY)
    assert checks.is_stale(past, TODAY)
    assert [(s.account, s.days, s.limit) for s in checks.stale_accounts(TODAY)] == [(past, 15, 14)]


def test_an_account_that_never_published_counts_from_the_day_it_opened(agency_a, drafter_a):
    account = draft(agency_a, drafter_a, opened_on=_days_ago(15), last_updated_on=None)
    assert checks.days_without_update(account, TODAY) == 15
    assert checks.is_stale(account, TODAY)


def test_the_limit_is_set_per_platform(agency_a, drafter_a, settings):
    settings.NEWMEDIA_UPDATE_LIMIT_DAYS = {**settings.NEWMEDIA_UPDATE_LIMIT_DAYS, "douyin": 30}
    douyin = draft(agency_a, drafter_a, platform=Platform.DOUYIN, last_updated_on=_days_ago(20))
    wechat = draft(agency_a, drafter_a, name="微信", last_updated_on=_days_ago(20))
    assert not checks.is_stale(douyin, TODAY)
    assert checks.is_stale(wechat, TODAY)


def test_closed_drafted_and_withdrawn_accounts_are_not_flagged(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    publish(draft(agency_a, drafter_a, name="已关停", last_updated_on=_days_ago(100),
                  closed_on=_days_ago(90), closure_reason="职能调整"),
            drafter_a, reviewer_a, publisher_a)  # fmt: skip
    draft(agency_a, drafter_a, name="草稿", last_updated_on=_days_ago(100))
    assert checks.stale_accounts(TODAY) == []


def test_a_stale_account_fails_the_self_inspection_as_a_single_veto(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    account = publish(draft(agency_a, drafter_a, last_updated_on=_days_ago(31)),
                      drafter_a, reviewer_a, publisher_a)  # fmt: skip
    result, _columns = scoring.inspect_site(TODAY)
    found = [f for f in result.findings if f.check == Check.NEWMEDIA_STALE]
    assert len(found) == 1 and found[0].veto and not result.passed
    assert found[0].agency_id == agency_a.pk
    assert found[0].public_url == account.get_absolute_url()
    assert "31" in found[0].detail
