"""The site search finds published new media accounts by name, platform and ID; a draft is
never found, and a closed account is found marked closed."""

from __future__ import annotations

import datetime as dt

import pytest

from newmedia import drafting
from portal.search import indexing, query
from tests.newmedia.conftest import draft
from tests.search.conftest import search_index  # noqa: F401 - the index fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index")]


def _urls(q: str) -> list[str]:
    return [hit.url for hit in query.search(query.parse_params({"q": q})).hits]


def test_a_published_account_is_found_and_a_draft_is_not(published, agency_a, drafter_a):
    draft(agency_a, drafter_a, name="内部草稿账号", handle="draftonly")
    indexing.reconcile()
    assert _urls("丽水发布") == [published.get_absolute_url()]
    assert _urls("lishuifabu") == [published.get_absolute_url()]
    assert _urls("内部草稿账号") == []


def test_closing_an_account_updates_what_search_says(published, drafter_a):
    indexing.reconcile()
    drafting.account_record_activity(
        account=published, user=drafter_a, last_updated_on=published.last_updated_on,
        inspection_status=published.inspection_status, inspected_on=published.inspected_on,
        closed_on=dt.date(2026, 11, 30), closure_reason="机构调整",
        today=dt.date(2026, 12, 1),
    )  # fmt: skip
    indexing.reconcile()
    hits = query.search(query.parse_params({"q": "丽水发布"})).hits
    assert [hit.url for hit in hits] == [published.get_absolute_url()]
    assert "已关停" in str(hits[0].title)
