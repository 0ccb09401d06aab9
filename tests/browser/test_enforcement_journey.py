"""行政执法公示 in the browser: a citizen narrows the decisions to 行政处罚 of one agency within
dates, sees a natural person named only as 张*, opens the decision and finds no ID number; a
penalty whose 公示期 ended is on no public page. (The day a 公示期 ends is tested with a pinned
date in tests/enforcement/test_decisions.py; the live portal runs on today's date, and the demo's
dates are relative to the day it was loaded: enforcement/demo.py.)"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]

# enforcement/demo.py: penalty no. 7 (i = 6) is the finance bureau's, about the natural person
# 杨海涛 with the resident ID resident_id(6), decided 7 + 23 × 6 = 145 days before loading.
BUREAU = "丽水市财政局"
PERSON, MASKED = "杨海涛", "杨*"
PERSON_ID = "331102198607161065"


def _today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def test_a_citizen_filters_penalties_by_agency_and_date_and_sees_the_person_masked(
    page: Page, screenshot
) -> None:
    from enforcement.demo import resident_id

    assert resident_id(6) == PERSON_ID
    today = _today()
    page.goto("/enforcement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("行政执法公示")
    page.get_by_label("类型", exact=True).select_option(label="行政处罚")
    page.get_by_label("机关（含下级机关）").select_option(label=BUREAU)
    page.get_by_label("决定日期从").fill((today - dt.timedelta(days=200)).isoformat())
    page.get_by_label("决定日期至").fill((today - dt.timedelta(days=100)).isoformat())
    page.get_by_role("button", name="查询").click()

    results = page.locator(".catalog-results")
    expect(results.get_by_role("heading", level=2)).to_contain_text("1")
    items = results.locator(".decision-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("行政处罚")
    expect(items.first).to_contain_text(MASKED)
    expect(items.first).to_contain_text(BUREAU)
    screenshot(page, "list")
    assert PERSON not in page.content()

    items.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/enforcement/\d+/$"))
    main = page.locator("main")
    expect(main).to_contain_text(MASKED)
    html = page.content()
    assert PERSON not in html and PERSON_ID not in html and PERSON_ID[-4:] + "<" not in html
    screenshot(page, "detail")


def test_a_penalty_whose_publication_period_ended_is_on_no_public_page(page: Page) -> None:
    page.goto("/enforcement/?q=99号")
    expect(page.locator(".catalog-results .empty-state")).to_be_visible()
    page.goto("/search/?q=公示期已满")
    expect(page.locator("main")).not_to_contain_text("99号")
    response = page.request.get("/data/enforcement-decisions.csv")
    assert response.ok and "99号" not in response.text() and "钱多多" not in response.text()
