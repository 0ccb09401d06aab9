"""What citizens and applicants do on the public site, in Chinese, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    AGENCY_NAME,
    fill_request,
    read_receipt,
    resident_id,
    track,
    wrong_check_digit,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]

POLICY_TITLE = "黄山市全面推进基层政务公开标准化规范化工作实施方案"
INTERPRETATION_TITLE = f"《{POLICY_TITLE}》文字解读"


def test_traditional_search_finds_policy_and_its_interpretation(page: Page, screenshot) -> None:
    page.goto("/")
    page.get_by_role("searchbox", name="站内搜索").fill("政務公開")
    page.get_by_role("search").get_by_role("button", name="搜索").click()

    expect(page.locator("main")).to_contain_text("“政務公開”的检索结果共")
    page.get_by_role("link", name=POLICY_TITLE, exact=True).click()

    expect(page.locator("h1")).to_have_text(POLICY_TITLE)
    expect(page.locator("main")).to_contain_text("341000001/2020-00001")  # its index number
    page.get_by_role("link", name=INTERPRETATION_TITLE).click()

    expect(page.locator("h1")).to_have_text(INTERPRETATION_TITLE)
    expect(page).to_have_url(re.compile(r"/interpretation/\d+/$"))
    # The interpretation points back to the policy it explains (三同步).
    expect(page.get_by_role("link", name=POLICY_TITLE).first).to_be_visible()
    screenshot(page)


def test_applicant_corrects_id_number_then_tracks_request(
    page: Page, screenshot, journey_state: dict
) -> None:
    good_id = resident_id()
    page.goto("/requests/apply/")
    fill_request(
        page,
        name="林晓燕",
        id_number=wrong_check_digit(good_id),
        description="2026年丽水市城区老旧小区改造项目的资金安排文件。",
    )
    page.get_by_role("button", name="提交申请").click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("请更正以下问题")
    expect(summary).to_contain_text("居民身份证号码校验位不正确，请核对。")
    # What the applicant typed is still there.
    expect(page.locator("#id_person_name")).to_have_value("林晓燕")
    expect(page.locator("#id_id_number")).to_have_value(wrong_check_digit(good_id))
    expect(page.locator("#id_description")).to_have_value(re.compile("老旧小区改造"))
    expect(page.locator("#id_id_number")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "error")

    page.fill("#id_id_number", good_id)
    page.check("#id_consent")
    page.get_by_role("button", name="提交申请").click()
    number, code = read_receipt(page)
    screenshot(page, "receipt")

    track(page, number, code)
    expect(page.locator("h1")).to_contain_text(number)
    expect(page.locator(".request-status")).to_contain_text("待登记")
    expect(page.locator(".request-facts")).to_contain_text(AGENCY_NAME)
    expect(page.locator(".request-facts")).to_contain_text("林*")  # the name, masked
    screenshot(page)
    journey_state["request"] = (number, code)
    journey_state["request_text"] = ("2026年丽水市城区老旧小区改造项目的资金安排文件", "林晓燕")


def test_large_text_and_english_switch(page: Page, screenshot) -> None:
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "zh-Hans")
    normal = page.evaluate("getComputedStyle(document.documentElement).fontSize")

    page.get_by_role("button", name="大字").click()
    expect(html).to_have_class(re.compile(r"\blarge-text\b"))
    expect(page.get_by_role("button", name="大字")).to_have_attribute("aria-pressed", "true")
    large = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert float(large.removesuffix("px")) > float(normal.removesuffix("px"))
    # The choice is remembered on the next page.
    page.goto("/disclosure/")
    expect(html).to_have_class(re.compile(r"\blarge-text\b"))
    screenshot(page, "large")

    page.get_by_role("button", name="切换语言： English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    expect(page.locator("h1")).to_have_text("Disclosure catalog")
    expect(page.get_by_role("button", name="Large")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "english")

    page.get_by_role("button", name="Standard").click()
    expect(html).not_to_have_class(re.compile(r"\blarge-text\b"))
    page.get_by_role("button", name="Change language: 简体中文").click()
    expect(html).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_have_text("信息公开目录")
    page.reload()
    expect(html).not_to_have_class(re.compile(r"\blarge-text\b"))
    expect(page.get_by_role("button", name="标准")).to_have_attribute("aria-pressed", "true")
    screenshot(page)


def test_a_browser_set_to_english_lands_on_chinese(browser, portal, screenshot) -> None:
    context = browser.new_context(base_url=portal.url, locale="en-US")
    try:
        page = context.new_page()
        page.goto("/")
        html = page.locator("html")
        expect(html).to_have_attribute("lang", "zh-Hans")
        screenshot(page, "english-browser")
        # English only by the visitor's choice, remembered on the next page.
        page.get_by_role("button", name="切换语言： English").click()
        expect(html).to_have_attribute("lang", "en")
        page.goto("/disclosure/")
        expect(page.locator("h1")).to_have_text("Disclosure catalog")
    finally:
        context.close()


FOCUS_RING = """e => {
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== 'none';
}"""


def _tab_to(page: Page, element_id: str, visited: list[str], limit: int = 30) -> None:
    """Press Tab until the element has focus, noting every element focus passes through."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
        visited.append(focused)
        if focused == element_id:
            ring = page.evaluate(f"({FOCUS_RING})(document.activeElement)")
            assert ring, f"#{element_id} has focus but no visible focus indicator"
            return
    raise AssertionError(f"Tab never reached #{element_id}; focus went through {visited}")


def test_request_form_by_keyboard_only(page: Page, screenshot) -> None:
    page.goto("/requests/apply/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    assert skip.evaluate(FOCUS_RING), "the skip link has no visible focus indicator"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    visited: list[str] = []
    _tab_to(page, "id_agency", visited)
    for _ in range(4):  # 浙江省人民政府, 办公厅, 财政厅, 丽水市人民政府
        page.keyboard.press("ArrowDown")
    expect(page.locator("#id_agency option:checked")).to_have_text(re.compile(AGENCY_NAME + "$"))

    _tab_to(page, "id_applicant_type_0", visited)
    page.keyboard.press("Space")
    expect(page.locator("#id_applicant_type_0")).to_be_checked()
    _tab_to(page, "id_person_name", visited)
    page.keyboard.type("周建国")
    _tab_to(page, "id_id_type", visited)
    _tab_to(page, "id_id_number", visited)
    page.keyboard.type(resident_id("19700102", "456"))
    _tab_to(page, "id_phone", visited)
    page.keyboard.type("0578-2091521")
    _tab_to(page, "id_description", visited)
    page.keyboard.type("丽水市2025年城市道路维修工程的招标公告。")
    _tab_to(page, "id_delivery_method_0", visited)
    # Arrow keys move through a radio group and choose: 电子邮箱 → 邮寄 → 当面领取 → 网上下载.
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#id_delivery_method_3")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_delivery_form_1")).to_be_checked()
    _tab_to(page, "id_consent", visited)
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()

    # A sensible order: the fields come in the order they appear on the page.
    order = ["id_agency", "id_applicant_type_0", "id_person_name", "id_id_number", "id_phone",
             "id_description", "id_delivery_method_0", "id_consent"]  # fmt: skip
    assert [v for v in visited if v in order] == order, visited
    # The spam trap is never reached by keyboard.
    assert "id_website" not in visited

    submit = page.get_by_role("button", name="提交申请")
    for _ in range(5):
        page.keyboard.press("Tab")
        if submit.evaluate("e => e === document.activeElement"):
            break
    expect(submit).to_be_focused()
    assert submit.evaluate(FOCUS_RING), "the submit button has no visible focus indicator"
    screenshot(page, "filled")
    page.keyboard.press("Enter")

    read_receipt(page)
    screenshot(page)
