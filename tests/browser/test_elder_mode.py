"""长者模式 (elder mode) on and off in a real browser, and the document page's tools: 字号,
打印 (the print stylesheet) and the QR code."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180, func_only=True)]

FLOATING = """() => [...document.querySelectorAll('body *')]
  .filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position))
  .map(e => e.tagName + '.' + e.className)"""
SMALL_TEXT = """() => [...document.querySelectorAll('main *, header *')]
  .filter(e => e.offsetParent !== null && [...e.childNodes].some(
    n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
  .filter(e => parseFloat(getComputedStyle(e).fontSize) < 18)
  .map(e => e.tagName + '.' + e.className + ': ' + getComputedStyle(e).fontSize)"""
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'header a, header button, main button, .breadcrumbs a')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.height < 44 || r.width < 44)
  .map(([e, r]) => e.textContent.trim() + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))"""


def test_elder_mode_on_and_off(page: Page, screenshot) -> None:
    page.goto("/")
    body = page.locator("body")
    switch = page.get_by_role("button", name="长者模式")
    expect(switch).to_have_attribute("aria-pressed", "false")
    standard_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    switch.click()

    expect(body).to_have_class("elder-mode")
    # The new page's DOM can be there before its stylesheets are: measure once they are.
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "true")
    elder_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert elder_size >= 18 > standard_size
    # The simplified home page: the six entries used most, large enough to tap.
    entries = page.locator("ul.elder-home a")
    expect(entries).to_have_count(6)
    expect(entries.first).to_have_text("搜索")
    assert all(box["height"] >= 44 for box in (e.bounding_box() for e in entries.all()))
    assert page.evaluate(SMALL_TEXT) == []
    assert page.evaluate(SMALL_TARGETS) == []
    screenshot(page, "home")

    # Remembered on the next page; nothing floats, the text stays large.
    page.get_by_role("link", name="信息公开目录").first.click()
    expect(page.locator("h1")).to_have_text("信息公开目录")
    expect(body).to_have_class("elder-mode")
    page.wait_for_load_state("load")
    assert page.evaluate(FLOATING) == []
    assert page.evaluate(SMALL_TEXT) == []
    # A larger focus outline than the standard one (3px).
    page.keyboard.press("Tab")
    outline = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline >= 5
    screenshot(page, "catalog")

    page.get_by_role("button", name="长者模式").click()
    expect(body).not_to_have_class(re.compile("elder-mode"))
    expect(page.locator("h1")).to_have_text("信息公开目录")
    page.reload()
    expect(body).not_to_have_class(re.compile("elder-mode"))
    expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "false")
    screenshot(page)


def test_accessibility_page_from_the_header(page: Page, screenshot) -> None:
    page.goto("/disclosure/")
    page.get_by_role("banner").get_by_role("link", name="无障碍").click()

    expect(page.locator("h1")).to_have_text("无障碍")
    page.get_by_role("button", name="开启长者模式").click()
    expect(page.locator("body")).to_have_class("elder-mode")
    expect(page.get_by_role("button", name="关闭长者模式")).to_be_visible()
    screenshot(page)


def test_read_aloud_appears_only_where_the_browser_can_speak(page: Page) -> None:
    page.goto("/accessibility/")
    can_speak = page.evaluate(
        "!!window.speechSynthesis && typeof SpeechSynthesisUtterance === 'function'"
    )
    button = page.locator("[data-read-aloud]")
    if can_speak:
        expect(button).to_be_visible()
        expect(button).to_have_text("朗读")
    else:
        expect(button).to_be_hidden()


def test_read_aloud_stays_hidden_without_speech_synthesis(page: Page) -> None:
    page.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', {value: undefined});"
        "Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: undefined});"
    )
    page.goto("/accessibility/")
    expect(page.locator("[data-read-aloud]")).to_be_hidden()


def _open_a_document(page: Page) -> None:
    page.goto("/disclosure/agency/331100000/")
    page.locator("main a[href^='/disclosure/documents/']").first.click()
    expect(page.locator(".doc-tools")).to_be_visible()


def test_document_text_size_print_and_qr_code(page: Page, screenshot) -> None:
    _open_a_document(page)
    body_text = page.locator(".doc-body")
    medium = float(body_text.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))

    page.locator(".doc-text-size").get_by_role("button", name="小", exact=True).click()
    expect(page.locator("html")).to_have_class("small-text")
    small = float(body_text.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
    page.locator(".doc-text-size").get_by_role("button", name="大", exact=True).click()
    expect(page.locator("html")).to_have_class("large-text")
    large = float(body_text.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
    assert small < medium < large
    page.locator(".doc-text-size").get_by_role("button", name="中", exact=True).click()
    expect(page.locator("html")).not_to_have_class(re.compile("text"))

    # The QR code is drawn in the page; the print button appears with JavaScript.
    expect(page.locator(".doc-qr svg")).to_be_visible()
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    expect(page.locator(".doc-url a")).to_have_attribute("href", re.compile(r"^https?://"))

    page.emulate_media(media="print")
    for hidden in ["header.site-header", "footer.site-footer", ".breadcrumbs", ".doc-tools"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".doc-url")).to_be_visible()
    colours = page.evaluate(
        "() => [getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('.doc-body')).color]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    screenshot(page, "print")
