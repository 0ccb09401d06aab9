"""axe-core on the main public pages: no serious or critical violations, in Chinese, in
English and in 长者模式 (elder mode). axe-core comes from npm (package.json) and is injected
into each page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]

BLOCKING = {"serious", "critical"}
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


def _check(page: Page, axe_script: Path, screenshot) -> None:
    # Evaluated through the DevTools protocol, not as an inline <script> that the portal's
    # Content-Security-Policy would (rightly) block.
    page.evaluate(axe_script.read_text())
    violations = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
    screenshot(page)
    assert not violations, f"axe found on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"])
        for v in violations
    )


def _this_year() -> int:
    """The year of the demo's catalog of major decisions (decisions/demo.py)."""
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).year


def _follow(path: str, href: str) -> Callable[[Page], None]:
    """Open ``path`` and follow its first link in the main content whose href matches."""

    def go(page: Page) -> None:
        page.goto(path)
        found = page.evaluate(
            "pattern => [...document.querySelectorAll('main a')]"
            ".map(a => a.getAttribute('href')).find(h => new RegExp(pattern).test(h))",
            href,
        )
        assert found, f"no link matching {href} on {path}"
        response = page.goto(found)
        assert response is not None and response.ok, f"{found} answered {response.status}"

    return go


def _submit_empty_request(page: Page) -> None:
    page.goto("/requests/apply/")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#error-summary")).to_be_visible()


def _track_unknown(page: Page) -> None:
    page.goto("/requests/track/")
    page.get_by_label("申请编号").fill("2026-999999")
    page.get_by_label("查询码").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_load_state()


def _submit_empty_message(page: Page) -> None:
    page.goto("/interaction/write/")
    page.get_by_role("button", name="下一步：核对留言并查看相关解答").click()
    expect(page.locator("#error-summary")).to_be_visible()


def _preview_message(page: Page) -> None:
    page.goto("/interaction/write/")
    page.get_by_label("咨询").check()
    page.get_by_label("发送至").select_option(label="丽水市人民政府")
    page.get_by_role("textbox", name=re.compile("^留言标题")).fill("公积金贷款额度")
    page.get_by_role("textbox", name=re.compile("^留言内容")).fill("请问公积金贷款额度如何计算？")
    page.get_by_role("textbox", name=re.compile("^姓名")).fill("赵六")
    page.get_by_role("textbox", name=re.compile("^手机号码")).fill("13611112222")
    page.get_by_label("不同意，仅答复我本人").check()
    page.get_by_role("button", name="下一步：核对留言并查看相关解答").click()
    expect(page.get_by_role("heading", name="已公开的相关信息")).to_be_visible()


PAGES: dict[str, str | Callable[[Page], None]] = {
    "home": "/",
    "search-results": "/search/?q=政务公开",
    "catalog": "/disclosure/",
    "catalog-agency": "/disclosure/agency/331100000/",
    "document": _follow("/disclosure/agency/341000001/", r"^/disclosure/documents/\d+/$"),
    "interpretation-list": "/interpretation/",
    "interpretation": _follow("/interpretation/", r"^/interpretation/\d+/$"),
    "agency-directory": "/agencies/",
    "agency-column": "/agencies/331100000/",
    "agency-guide": "/agencies/331100000/guide/",
    "agency-rules": "/agencies/331100000/rules/",
    "agency-statutory": "/agencies/331100000/statutory/",
    "agency-profile": "/agencies/331100000/profile/",
    "agency-reports": "/agencies/331100000/reports/",
    "agency-apply": "/agencies/331100000/apply/",
    "request-form": "/requests/apply/",
    "request-form-errors": _submit_empty_request,
    "tracking": "/requests/track/",
    "tracking-errors": _track_unknown,
    "negative-list": "/disclosure/negative-list/",
    "normative": "/disclosure/normative/",
    "consultations": "/interpretation/consultations/",
    "questions": "/interpretation/questions/",
    "annual-reports": "/reports/",
    "accessibility": "/accessibility/",
    "site-map": "/sitemap/",
    "interaction": "/interaction/",
    "message-form": "/interaction/write/",
    "message-form-errors": _submit_empty_message,
    "message-preview": _preview_message,
    "messages": "/interaction/messages/",
    "message": _follow("/interaction/messages/", r"^/interaction/messages/HD\d{4}-\d+/$"),
    "message-statistics": "/interaction/statistics/",
    "message-tracking": "/interaction/track/",
    "interviews": "/interaction/interviews/",
    "interview": _follow("/interaction/interviews/", r"^/interaction/interviews/\d+/$"),
    "meetings": "/interaction/meetings/",
    "meeting": _follow("/interaction/meetings/", r"^/interaction/meetings/\d+/$"),
    "enforcement": "/enforcement/",
    "enforcement-filtered": "/enforcement/?kind=penalty&agency=331100000&q=%E4%B8%BD",
    "enforcement-decision": _follow("/enforcement/", r"^/enforcement/\d+/$"),
    "powers": "/powers/",
    "powers-agency": "/powers/?agency=331100002",
    # The education bureau's licence: three versions in its change history.
    "power-item": _follow("/powers/?agency=331100003&category=licensing", r"^/powers/\d+/$"),
    "gazette": "/gazette/",
    "gazette-issue": _follow("/gazette/", r"^/gazette/lishui/2026/\d+/$"),
    "policies": "/policies/",
    "policies-filtered": "/policies/?audience=businesses&industry=C&delivery=apply",
    "policies-automatic": "/policies/automatic/",
    "policy-item": _follow("/policies/", r"^/policies/\d+/$"),
    "policy-finder": "/policies/finder/",
    "policy-finder-results": (
        "/policies/finder/?audience=businesses&region=331100000&industry=C&size=medium"
        "&household=none"
    ),
    "policy-finder-errors": "/policies/finder/?age=-1",
    "policy-subscribe": "/policies/subscribe/?kind=audience&audience=businesses",
    "assistant": "/policies/ask/",
    "assistant-answer": "/policies/ask/?q=基层政务公开标准目录由谁编制",
    "assistant-no-answer": "/policies/ask/?q=护照怎么办理",
    # 重大行政决策: the demo catalog of 丽水市人民政府 for this year, and a decision's timeline.
    "decisions": "/decisions/",
    "decision-catalog": f"/decisions/catalog/331100000/{_this_year()}/",
    "decision": _follow(f"/decisions/catalog/331100000/{_this_year()}/", r"^/decisions/\d+/$"),
}

# 长者模式 changes colours, sizes and the home page: the pages that change most, in that mode.
ELDER_PAGES = [
    "home",
    "catalog",
    "document",
    "interpretation",
    "agency-column",
    "request-form",
    "request-form-errors",
    "annual-reports",
    "accessibility",
    "interaction",
    "message-form",
    "power-item",
]


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_axe_violations(axe_script: Path, page: Page, screenshot, name: str) -> None:
    target = PAGES[name]
    if callable(target):
        target(page)
    else:
        response = page.goto(target)
        assert response is not None and response.ok, f"{target} answered {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    _check(page, axe_script, screenshot)


def test_no_serious_axe_violations_in_english(axe_script: Path, page: Page, screenshot) -> None:
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _check(page, axe_script, screenshot)


@pytest.mark.parametrize("name", ELDER_PAGES)
def test_no_serious_axe_violations_in_elder_mode(
    axe_script: Path, page: Page, screenshot, name: str
) -> None:
    page.goto("/")
    page.get_by_role("button", name="长者模式").click()
    expect(page.locator("body")).to_have_class("elder-mode")
    target = PAGES[name]
    if callable(target):
        target(page)
    else:
        response = page.goto(target)
        assert response is not None and response.ok, f"{target} answered {response.status}"
    expect(page.locator("body")).to_have_class("elder-mode")
    _check(page, axe_script, screenshot)
