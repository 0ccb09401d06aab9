"""A document's way from the workbench to the public page, its body written in the editor
(portal.richtext): drafter, reviewer and publisher of 丽水市人民政府 each start on the
workbench; nobody sees HTML tags or English; axe finds nothing serious on the workbench and
the change form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import AGENCY_NAME, DRAFTER, PUBLISHER, REVIEWER, admin_login
from tests.browser.test_accessibility import _check
from tests.security.test_admin_language import _WORDS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240, func_only=True)]

TITLE = "丽水市关于做好2026年冬季城乡供暖保障工作的通知"
RAW_TAG = re.compile(r"</?(p|h[1-6]|ul|ol|li|a|strong|em|table|tr|td|span|div|br)\b[^<>]*>")


def _no_tags_or_english(page: Page) -> None:
    """What staff read: no HTML written out as text, no untranslated English. The editor's
    icons are ligatures of an icon font (their names are not read: buttons have Chinese
    labels), so they are left out."""
    text = page.evaluate(
        """() => {
          const copy = document.querySelector('#container').cloneNode(true);
          copy.querySelectorAll('.material-icons, script, style, textarea, noscript')
              .forEach(el => el.remove());
          const said = [...copy.querySelectorAll('[title], [aria-label]')]
              .map(el => (el.getAttribute('title') || '') + ' ' +
                         (el.getAttribute('aria-label') || ''));
          return copy.innerText + ' ' + said.join(' ');
        }"""
    )
    assert not RAW_TAG.search(text), f"raw HTML on {page.url}: {RAW_TAG.search(text)}"
    english = sorted(set(_WORDS.findall(text)))
    assert not english, f"English on {page.url}: {english}"


def _from_workbench(page: Page, status: str) -> None:
    """The workbench's count of documents in ``status``, followed to the list, then the item."""
    page.goto("/admin/")
    expect(page.locator("h2#workbench-tasks-title")).to_be_visible()
    _no_tags_or_english(page)
    page.locator(f".workbench-tasks a[href*='disclosure/document/?status__exact={status}']").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#content h2, #content h1").first).to_be_visible()


def test_a_document_written_in_the_editor_goes_from_the_workbench_to_the_public(
    page: Page, screenshot, axe_script: Path
) -> None:
    admin_login(page, DRAFTER)
    expect(page.locator("h2#workbench-tasks-title")).to_be_visible()
    _no_tags_or_english(page)
    _check(page, axe_script, lambda p: screenshot(p, "workbench"))
    page.locator(".workbench-all a[href$='/admin/disclosure/document/add/']").first.click()
    page.get_by_label("发布机构").select_option(label=AGENCY_NAME)
    page.get_by_label("标题").fill(TITLE)
    # The title box shows the whole title, not its first twenty characters.
    assert page.get_by_label("标题").evaluate("el => el.scrollWidth <= el.clientWidth"), TITLE
    page.get_by_label("成文日期").fill("2026-11-20")
    page.get_by_label("主题").select_option(label="城乡建设、环境保护\\城乡建设（含住房）")
    page.get_by_label("文种").select_option(label="通知")
    page.get_by_label("内容概述").fill("部署2026年冬季城乡供暖保障工作。")

    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    _no_tags_or_english(page)
    editor.click()
    # A heading from the toolbar's paragraph-style menu.
    page.locator(".prose-menubar__dropdown .prose-menubar__selected").first.click()
    page.locator(".prose-menubar__option[data-name=heading2]").click()
    page.keyboard.type("一、工作目标")
    page.keyboard.press("Enter")
    page.keyboard.type("确保全市城乡居民温暖过冬。")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="项目符号列表").click()
    page.keyboard.type("落实热源保障")
    page.keyboard.press("Enter")
    page.keyboard.type("加强管网巡查")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("详见丽水市人民政府门户网站")
    for _ in range(len("丽水市人民政府门户网站")):
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="插入链接").click()
    page.get_by_label("链接地址").fill("https://www.lishui.gov.cn/")
    page.locator(
        "dialog[open] button[type=submit], dialog[open] button.prose-editor-primary"
    ).first.click()
    expect(editor.locator("a")).to_have_text("丽水市人民政府门户网站")
    expect(editor.locator("h2")).to_have_text("一、工作目标")
    expect(editor.locator("ul li")).to_have_count(2)
    screenshot(page, "editor")
    _check(page, axe_script, lambda p: screenshot(p, "change-form"))

    page.locator("[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(editor.locator("h2")).to_have_text("一、工作目标")
    _no_tags_or_english(page)
    page.locator(".object-tools").get_by_role("link", name="提交审核", exact=True).click()
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("提交审核：已完成")
    screenshot(page, "submitted")

    admin_login(page, REVIEWER)
    _from_workbench(page, "in_review")
    _no_tags_or_english(page)
    page.locator(".object-tools").get_by_role("link", name="审核通过", exact=True).click()
    # The screening ran on the body and has nothing to report for this one.
    expect(page.get_by_label("保密审查结论")).to_be_visible()
    page.get_by_label("保密审查结论").select_option("clear")
    _no_tags_or_english(page)
    screenshot(page, "review")
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("审核通过：已完成")

    admin_login(page, PUBLISHER)
    _from_workbench(page, "approved")
    _no_tags_or_english(page)
    page.locator(".object-tools").get_by_role("link", name="发布", exact=True).click()
    page.locator(".submit-row [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("发布：已完成")
    screenshot(page, "published")

    page.context.clear_cookies()
    page.goto("/disclosure/agency/331100000/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    body = page.locator("main")
    expect(body.locator("h2", has_text="一、工作目标")).to_be_visible()
    expect(body.locator("ul li", has_text="落实热源保障")).to_be_visible()
    expect(body.get_by_role("link", name="丽水市人民政府门户网站")).to_have_attribute(
        "href", "https://www.lishui.gov.cn/"
    )
    screenshot(page, "public")


def test_a_body_saved_before_opens_in_the_editor_and_saves_unchanged(page: Page) -> None:
    """A demo draft written before the editor: opened, shown with its paragraphs, saved
    without an edit, the body the server has is the one it had."""
    admin_login(page, DRAFTER)
    page.goto("/admin/disclosure/document/?status__exact=draft")
    page.get_by_role(
        "link", name="丽水市人民政府关于2026年第四季度重点民生实事推进情况的通报"
    ).click()
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    expect(editor.locator("p").first).to_contain_text("现将2026年第四季度重点民生实事推进情况")
    saved = page.locator("textarea[name=body]").evaluate("el => el.defaultValue")
    page.locator("[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.locator("textarea[name=body]").evaluate("el => el.defaultValue") == saved
