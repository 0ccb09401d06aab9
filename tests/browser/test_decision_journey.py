"""重大行政决策 in the browser: a citizen opens the catalog of major decisions of 丽水市人民政府
for this year, sees each decision's current stage, opens the finished decision (the year's
民生实事项目, decisions/demo.py) and follows its procedure as a timeline, from its draft
published for comment to the decision document and its interpretation."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]


def _year() -> int:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).year


def test_a_citizen_follows_a_decision_from_the_catalog_to_its_document_and_interpretation(
    page: Page, screenshot
) -> None:
    year = _year()
    title = f"丽水市{year}年民生实事项目"
    page.goto("/decisions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("重大行政决策")
    page.get_by_role("link", name=f"丽水市人民政府{year}年度重大行政决策事项目录").click()

    expect(page).to_have_url(re.compile(rf"/decisions/catalog/331100000/{year}/$"))
    table = page.get_by_role("table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(10)
    stages = table.locator("td.decision-stage")
    for stage in ("决策预公开", "公众参与", "合法性审查", "集体讨论决定", "程序已完成", "尚未启动"):
        expect(stages.filter(has_text=stage).first).to_be_visible()
    finished = rows.filter(has_text=title)
    expect(finished.locator("td.decision-stage")).to_have_text("程序已完成")
    screenshot(page, "catalog")
    finished.get_by_role("link", name=title).click()

    expect(page).to_have_url(re.compile(r"/decisions/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    decision_url = page.url
    timeline = page.locator("ol.decision-timeline")
    steps = timeline.locator(":scope > li")
    expect(steps).to_have_count(10)
    expect(steps.first.get_by_role("heading", level=3)).to_have_text("决策预公开")
    expect(steps.last.get_by_role("heading", level=3)).to_have_text("决策后评估")
    # Steps left out are said to be so, with the reason.
    hearing = timeline.locator("#step-hearing")
    expect(hearing).to_contain_text("不适用")
    expect(hearing).to_contain_text("不属于法律、法规、规章规定应当听证的事项")
    expect(timeline).not_to_contain_text("尚未发布")
    screenshot(page, "decision")

    timeline.locator("#step-pre_disclosure").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/interpretation/consultations/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("民生实事项目候选清单")
    expect(page.locator("main")).to_contain_text("意见采纳情况")

    page.goto(decision_url)
    page.locator("#step-decision").get_by_role("link", name=re.compile("^决策文件")).click()
    expect(page).to_have_url(re.compile(r"/disclosure/documents/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"《{title}》")
    screenshot(page, "document")

    page.goto(decision_url)
    page.locator("#step-decision").get_by_role("link", name=re.compile("^政策解读")).click()
    expect(page).to_have_url(re.compile(r"/interpretation/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"《{title}》政策解读")
    screenshot(page, "interpretation")
