"""问政策 in the browser: a citizen asks "基层政务公开标准目录由谁编制" from the policy Q&A page
and gets the passage of 《南通市2021年政務公開工作要點》 that says it, quoted with its citation;
its link scrolls the document to that passage. A question nothing published answers is handed to the
message box. (The threshold and scoring are tested in tests/policies/assistant/.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]

QUESTION = "基层政务公开标准目录由谁编制"
NANTONG = "南通市人民政府辦公室關於印發南通市2021年政務公開工作要點的通知"
# The passage (corpus 001, 三、(一)), as printed: in traditional characters.
PASSAGE_START = "(一)動態更新政務公開標準目錄"


def test_a_citizen_asks_and_gets_the_passage_with_its_citation(page: Page, screenshot) -> None:
    page.goto("/interpretation/questions/")
    box = page.locator("form.assistant-form")
    box.locator("input[name=q]").fill(QUESTION)
    box.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/policies/ask/\?q="))
    expect(page.locator("#ask-q")).to_have_value(QUESTION)

    first = page.locator(".assistant-passage").first
    expect(first).to_contain_text(NANTONG)
    expect(first).to_contain_text("三、(一)")
    expect(first.locator("mark").first).to_be_visible()
    citation = first.locator("cite a")
    href = citation.get_attribute("href") or ""
    assert re.fullmatch(r"/disclosure/documents/\d+/#p-[0-9a-f]{8}", href), href
    screenshot(page, "answer")

    citation.click()
    expect(page).to_have_url(re.compile(r"/disclosure/documents/\d+/#p-[0-9a-f]{8}$"))
    target = page.locator(f"[id='{href.split('#')[1]}']")
    expect(target).to_contain_text(PASSAGE_START)
    expect(target).to_be_in_viewport()
    screenshot(page, "passage")


def test_a_question_nothing_answers_is_handed_to_the_message_box(page: Page) -> None:
    page.goto("/policies/ask/?q=护照加急怎么办理")
    expect(page.locator(".assistant-none")).to_be_visible()
    expect(page.locator(".assistant-passage")).to_have_count(0)
    page.locator(".assistant-next a[href='/interaction/write/']").click()
    expect(page).to_have_url(re.compile(r"/interaction/write/$"))
    expect(page.locator("form")).not_to_have_count(0)
